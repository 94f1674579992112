package io.replicalab.experiments.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.CausalContext;
import io.replicalab.api.KvClient;
import io.replicalab.api.Precondition;
import io.replicalab.api.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Collection workloads built by read-modify-write of one key: {@code cart} (add a unique element to a set,
 * seed 001's shopping cart) and {@code list-append} (append a unique number to a list, which exposes
 * ordering anomalies). An update reads the key, merges any siblings, adds its element and writes back
 * conditionally: by compare-and-set on the version read where the backend offers it (retried a few times
 * when another client got there first), else by a put carrying the read's causal context (the Dynamo way:
 * concurrent updates become siblings that the next read merges). A backend without CAS says so with
 * {@link InvalidRequestException}, after which this client uses causal puts.
 *
 * <p>Outcomes: if the read fails, nothing was written, so the update fails whatever the read's error;
 * only the write's own error can make it unknown.
 */
final class ReadModifyWrite implements WorkloadClient {
    private static final int CAS_ATTEMPTS = 5;

    /** How a collection is merged from siblings, extended and written. */
    private interface Collection {
        List<String> merge(List<List<String>> siblings);

        List<String> add(List<String> current, String element);
    }

    private final WorkloadParams params;
    private final String updateName;
    private final String keyPrefix;
    private final Collection collection;
    private final Function<String, JsonNode> element;
    private final Random rnd;
    private final KeyDistribution keys;
    private final WorkloadParams.UniqueIds ids;
    private boolean casRejected;

    private ReadModifyWrite(WorkloadParams params, String updateName, String keyPrefix, Collection collection,
                            Function<String, JsonNode> element) {
        this.params = params;
        this.updateName = updateName;
        this.keyPrefix = keyPrefix;
        this.collection = collection;
        this.element = element;
        this.rnd = params.random();
        this.keys = params.keys();
        this.ids = params.ids();
    }

    /** Sets of unique strings: siblings merge by union (the cart that never loses an add). */
    static ReadModifyWrite cart(WorkloadParams params) {
        return new ReadModifyWrite(params, "add", "cart", new Collection() {
            @Override
            public List<String> merge(List<List<String>> siblings) {
                TreeSet<String> union = new TreeSet<>();
                siblings.forEach(union::addAll);
                return new ArrayList<>(union);
            }

            @Override
            public List<String> add(List<String> current, String e) {
                TreeSet<String> set = new TreeSet<>(current);
                set.add(e);
                return new ArrayList<>(set);
            }
        }, Values.JSON::textNode);
    }

    /** Lists of unique numbers: siblings merge as the longest list plus the others' missing elements in their order. */
    static ReadModifyWrite listAppend(WorkloadParams params) {
        return new ReadModifyWrite(params, "append", "list-append", new Collection() {
            @Override
            public List<String> merge(List<List<String>> siblings) {
                List<List<String>> sorted = new ArrayList<>(siblings);
                sorted.sort((a, b) -> Integer.compare(b.size(), a.size()));
                LinkedHashSet<String> merged = new LinkedHashSet<>();
                sorted.forEach(merged::addAll);
                return new ArrayList<>(merged);
            }

            @Override
            public List<String> add(List<String> current, String e) {
                List<String> list = new ArrayList<>(current);
                list.add(e);
                return list;
            }
        }, Values::numberOrText);
    }

    @Override
    public Op next() {
        String key = Workloads.key(keyPrefix, keys.next(rnd));
        if (rnd.nextDouble() < params.section().readRatio()) {
            return Op.read(key);
        }
        long id = ids.next();
        return new Op(updateName, key, keyPrefix.equals("cart") ? Values.JSON.textNode("e" + id) : Values.JSON.numberNode(id));
    }

    @Override
    public OpResult execute(KvClient client, Op op) {
        if (op.f().equals("read")) {
            State state = read(client, op.key());
            return OpResult.ok(asJson(state.elements), state.read.servedBy());
        }
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            State state;
            try {
                state = read(client, op.key());
            } catch (RuntimeException e) {
                return OpResult.fail(op.value(), "the read before the update failed, nothing was written: " + e.getMessage());
            }
            byte[] updated = encode(collection.add(state.elements, op.value().asText()));
            if (!casRejected) {
                try {
                    Precondition expected = state.read.isPresent() ? Precondition.versionEquals(state.read.context())
                            : Precondition.absent();
                    if (client.blocking().compareAndSet(op.key(), expected, updated, params.write())) {
                        return OpResult.ok(op.value());
                    }
                    continue; // another client updated the key since our read: read again
                } catch (InvalidRequestException e) {
                    casRejected = true; // no CAS on this backend: use causal puts from now on
                }
            }
            CausalContext written = client.blocking().put(op.key(), updated, state.read.context(), params.write());
            return OpResult.ok(op.value(), written.servedBy());
        }
        return OpResult.fail(op.value(), "compare-and-set lost to other clients " + CAS_ATTEMPTS + " times");
    }

    private record State(Versioned<byte[]> read, List<String> elements) {
    }

    private State read(KvClient client, String key) {
        Versioned<byte[]> read = client.blocking().get(key, params.read());
        List<List<String>> siblings = read.values().stream().map(ReadModifyWrite::decode).toList();
        return new State(read, collection.merge(siblings));
    }

    private JsonNode asJson(List<String> elements) {
        ArrayNode out = Values.JSON.arrayNode();
        elements.forEach(e -> out.add(element.apply(e)));
        return out;
    }

    private static byte[] encode(List<String> elements) {
        return String.join("\n", elements).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
