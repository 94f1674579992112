package io.replicalab.experiments.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One variant judged across several seeds: each expectation is met only when every seed met it (a failed
 * seed's run meets nothing), its measured value is the range over the seeds ({@code 0} or {@code 3..201}),
 * and the key figures are ranges too; the per-seed results stay attached for whoever wants every number.
 */
final class SeedAggregate {
    private SeedAggregate() {
    }

    static ScenarioResult.SeedResult seedResult(long seed, ScenarioResult.VariantResult v) {
        return new ScenarioResult.SeedResult(seed, v.status(), v.reason(), v.runDir(), v.numbers(), v.expectations(), v.verdict());
    }

    static ScenarioResult.VariantResult variant(Variant v, List<ScenarioResult.SeedResult> seeds) {
        String settings = v.set() == null ? "{}" : v.set().toString();
        List<ScenarioResult.SeedResult> ran = seeds.stream().filter(s -> s.status().equals("ran")).toList();
        List<ScenarioResult.SeedResult> notRun = seeds.stream().filter(s -> !s.status().equals("ran")).toList();
        String reason = notRun.isEmpty() ? null : notRun.stream().map(s -> "seed " + s.seed() + " " + s.status() + ": " + s.reason())
                .collect(Collectors.joining("; "));
        if (ran.isEmpty()) {
            String status = seeds.stream().allMatch(s -> s.status().equals("skipped")) ? "skipped" : "failed";
            return new ScenarioResult.VariantResult(v.name(), v.backend(), v.role(), v.description(), settings, status, reason,
                    null, Map.of(), List.of(), "not run", seeds);
        }
        List<ScenarioResult.Judged> judged = new ArrayList<>();
        for (int e = 0; e < v.expect().size(); e++) {
            judged.add(expectation(v.expect().get(e), e, ran, seeds.size()));
        }
        String verdict = ScenarioResult.variantVerdict(judged);
        if (!notRun.isEmpty() && !verdict.equals("refuted")) {
            verdict = ScenarioResult.INCOMPLETE; // no seed that ran refutes it, but not every seed ran
        }
        return new ScenarioResult.VariantResult(v.name(), v.backend(), v.role(), v.description(), settings, "ran", reason,
                null, numbers(ran), judged, verdict, seeds);
    }

    private static ScenarioResult.Judged expectation(Expectation e, int index, List<ScenarioResult.SeedResult> ran, int seedCount) {
        List<ScenarioResult.Judged> each = ran.stream().map(s -> s.expectations().get(index)).toList();
        int met = (int) each.stream().filter(j -> j.status().equals(Expectation.Status.MET.word())).count();
        String status;
        if (met == seedCount) {
            status = Expectation.Status.MET.word();
        } else if (each.stream().anyMatch(j -> j.status().equals(Expectation.Status.NOT_MET.word()))) {
            status = Expectation.Status.NOT_MET.word();
        } else {
            status = Expectation.Status.UNMEASURED.word(); // unmeasured (or not run) somewhere, refuted nowhere
        }
        return new ScenarioResult.Judged(e.check(), e.is(), e.why(), range(each.stream().map(ScenarioResult.Judged::measured).toList()),
                status, met, seedCount);
    }

    private static Map<String, String> numbers(List<ScenarioResult.SeedResult> ran) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : ran.get(0).numbers().keySet()) {
            out.put(key, range(ran.stream().map(s -> s.numbers().getOrDefault(key, "-")).toList()));
        }
        return out;
    }

    /** {@code 5} when all are 5, {@code 3..201} for numbers, else the distinct values joined by {@code /}. */
    static String range(List<String> values) {
        try {
            double min = values.stream().mapToDouble(Double::parseDouble).min().orElseThrow();
            double max = values.stream().mapToDouble(Double::parseDouble).max().orElseThrow();
            return min == max ? Numbers.format(min) : Numbers.format(min) + ".." + Numbers.format(max);
        } catch (NumberFormatException notAllNumbers) {
            Set<String> distinct = new LinkedHashSet<>(values);
            return Numbers.abbreviate(String.join("/", distinct));
        }
    }
}
