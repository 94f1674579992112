package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns the JSON values of one key to small ints: 0 is null (the register's initial value). */
public final class ValueIds {
    public static final int NULL = 0;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>(List.of("null"));

    public int of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NULL;
        }
        String text = value.toString();
        return ids.computeIfAbsent(text, t -> {
            names.add(t);
            return names.size() - 1;
        });
    }

    public String name(int id) {
        return names.get(id);
    }

    public int size() {
        return names.size();
    }
}
