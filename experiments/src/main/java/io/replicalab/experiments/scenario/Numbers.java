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

    /** A small map or list (e.g. per-node figures) as compact JSON, cut to stay readable in a table. */
    static String abbreviate(String json) {
        return json.length() <= 80 ? json : json.substring(0, 77) + "...";
    }
}
