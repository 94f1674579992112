package io.replicalab.experiments.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The terminal view of a scenario result: one row per expectation of each variant, side by side. */
public final class ScenarioTable {
    private ScenarioTable() {
    }

    public static String render(ScenarioResult r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"variant", "key numbers", "expected", "measured", "verdict"});
        for (ScenarioResult.VariantResult v : r.variants()) {
            String numbers = keyNumbers(v);
            if (v.expectations().isEmpty()) {
                rows.add(new String[] {v.name(), numbers, "-", v.reason() == null ? "-" : v.status() + ": " + v.reason(), v.verdict()});
            }
            boolean first = true;
            for (ScenarioResult.Judged j : v.expectations()) {
                rows.add(new String[] {first ? v.name() : "", first ? numbers : "", j.check() + " " + j.is(),
                    j.measured() + " (" + j.status() + ")", first ? v.verdict() : ""});
                first = false;
            }
        }
        int[] width = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("scenario ").append(r.scenario()).append(": ").append(r.title()).append('\n');
        sb.append("claim (").append(r.seed().file()).append("): \"").append(r.seed().quote()).append("\"\n");
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + (width[i] + 2) + "s", row[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append("verdict: ").append(r.verdict()).append('\n');
        return sb.toString();
    }

    /** {@code lost-writes.lost=3 availability.longestWriteGapMs=812}: the scenario's figures for one variant. */
    static String keyNumbers(ScenarioResult.VariantResult v) {
        if (v.numbers().isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        v.numbers().forEach((k, val) -> parts.add(k + "=" + val));
        return String.join(" ", parts);
    }
}
