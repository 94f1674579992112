package io.replicalab.experiments.checker;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every checker said about one run: the content of results.json.
 *
 * @param skipped checkers that had nothing to judge, with the reason (what the history lacks)
 */
public record RunResults(String run, String backend, String workload, List<CheckResult> checkers,
                         Map<String, String> skipped) {
    public RunResults {
        checkers = List.copyOf(checkers);
        skipped = Map.copyOf(skipped);
    }

    public Verdict verdict() {
        return checkers.stream().map(CheckResult::verdict).reduce(Verdict.VALID, Verdict::and);
    }

    public java.util.Optional<CheckResult> result(String name) {
        return checkers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The terminal summary: one line per checker, then the overall verdict. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("run ").append(run).append("  backend ").append(backend).append("  workload ").append(workload).append('\n');
        for (CheckResult c : checkers) {
            sb.append(String.format(Locale.ROOT, "  %-18s %-8s %s%n", c.name(), c.verdict().jsonName(), c.summary()));
        }
        new java.util.TreeMap<>(skipped).forEach((name, why) ->
                sb.append(String.format(Locale.ROOT, "  %-18s %-8s %s%n", name, "skipped", why)));
        sb.append("verdict: ").append(verdict().jsonName()).append('\n');
        return sb.toString();
    }
}
