package io.replicalab.experiments.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.replicalab.api.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * How workload values become bytes and back. A value is its unique id (a number or a string) padded
 * with spaces to the spec's value size, so stored values have the asked size while the history holds
 * only the id a checker needs.
 */
public final class Values {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Values() {
    }

    public static byte[] padded(String id, int size) {
        byte[] raw = id.getBytes(StandardCharsets.UTF_8);
        if (raw.length >= size) {
            return raw;
        }
        byte[] out = Arrays.copyOf(raw, size);
        Arrays.fill(out, raw.length, size, (byte) ' ');
        return out;
    }

    public static String unpadded(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }

    /** A number when the text is one, else the text. */
    static JsonNode numberOrText(String text) {
        try {
            return JSON.numberNode(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return JSON.textNode(text);
        }
    }

    /**
     * A read as history value: null when absent, the value when there is one, an array of the values when
     * the backend returned concurrent siblings (a checker must see them, not one picked at random).
     */
    static JsonNode readValue(Versioned<byte[]> read, Function<byte[], JsonNode> decode) {
        List<byte[]> values = read.values();
        if (values.isEmpty()) {
            return NullNode.getInstance();
        }
        if (values.size() == 1) {
            return decode.apply(values.get(0));
        }
        ArrayNode siblings = JSON.arrayNode();
        values.forEach(v -> siblings.add(decode.apply(v)));
        return siblings;
    }
}
