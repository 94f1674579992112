package io.replicalab.experiments.scenario;

import java.util.Locale;

/** How measured numbers are printed in tables and docs: integers as integers, shares with 3 digits. */
final class Numbers {
    private Numbers() {
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
