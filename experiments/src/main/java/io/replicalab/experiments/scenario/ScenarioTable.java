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
                    j.describe(), first ? v.verdict() : ""});
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
        if (!r.seeds().isEmpty()) {
            sb.append("seeds: ").append(seedsLine(r)).append("; a variant is confirmed only when every seed meets every expectation\n");
            for (ScenarioResult.VariantResult v : r.variants()) {
                sb.append("  ").append(v.name()).append(": ").append(perSeed(v)).append('\n');
            }
        }
        sb.append("verdict: ").append(r.verdict()).append('\n');
        return sb.toString();
    }

    /** {@code 5 seeds (3, 4, 5, 6, 7)}. */
    static String seedsLine(ScenarioResult r) {
        return r.seeds().size() + " seeds (" + String.join(", ", r.seeds().stream().map(String::valueOf).toList()) + ")";
    }

    /** {@code seed 3 confirmed, seed 4 refuted (lost-writes.lost=0)}: one variant's verdict per seed. */
    static String perSeed(ScenarioResult.VariantResult v) {
        List<String> parts = new ArrayList<>();
        for (ScenarioResult.SeedResult s : v.seeds()) {
            String missed = s.expectations().stream().filter(j -> !j.status().equals(Expectation.Status.MET.word()))
                    .map(j -> j.check() + "=" + j.measured()).reduce((a, b) -> a + " " + b).map(m -> " (" + m + ")").orElse("");
            parts.add("seed " + s.seed() + " " + (s.status().equals("ran") ? s.verdict() + missed : s.status()));
        }
        return String.join(", ", parts);
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
