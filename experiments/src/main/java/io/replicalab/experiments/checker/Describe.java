package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.Operation;
import java.util.Locale;

/** Readable one-line descriptions of operations for examples. */
final class Describe {
    private Describe() {
    }

    static String seconds(long nanos) {
        return nanos == Long.MAX_VALUE ? "never" : String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /** e.g. {@code add "milk" by process 4 [1.200 s .. 1.250 s] ok}. */
    static String op(Operation op) {
        String value = op.invoke().value() == null ? "" : " " + op.invoke().value();
        return op.invoke().f() + value + " by process " + op.invoke().process() + " [" + seconds(op.start()) + " .. "
                + seconds(op.end()) + "] " + op.outcome().jsonName();
    }
}
