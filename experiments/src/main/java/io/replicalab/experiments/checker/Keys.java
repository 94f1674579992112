package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups operations per key (P-compositionality: every checker here judges keys independently). */
public final class Keys {
    private Keys() {
    }

    /** Operations per key in invocation order; operations without a key are left out. */
    public static Map<String, List<Operation>> group(List<Operation> ops) {
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : ops) {
            if (op.invoke().key() != null) {
                byKey.computeIfAbsent(op.invoke().key(), k -> new ArrayList<>()).add(op);
            }
        }
        return byKey;
    }
}
