package io.replicalab.experiments.checker;

import java.util.ArrayList;
import java.util.List;

/** The first few examples a checker meets ({@link CheckResult#MAX_EXAMPLES}); the rest are only counted. */
final class Examples {
    private final List<String> kept = new ArrayList<>();

    void add(String example) {
        if (kept.size() < CheckResult.MAX_EXAMPLES) {
            kept.add(example);
        }
    }

    List<String> list() {
        return List.copyOf(kept);
    }
}
