package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Runs every checker over a run and writes results.json: the one entry point of the harness and the CLI. */
public final class Checkers {
    public static final String RESULTS_JSON = "results.json";

    private Checkers() {
    }

    /** The checkers, in the order results list them. */
    public static List<Checker> all() {
        return all(LinearizabilityChecker.DEFAULT_BUDGET);
    }

    /** @param searchBudget linearizability search steps per key before a key is "unknown" */
    public static List<Checker> all(long searchBudget) {
        return List.of(new LinearizabilityChecker(searchBudget), new LostWritesChecker(), new StaleReadsChecker(),
                new ListAppendOrderChecker(), new ApplyOrderChecker(), new ConvergenceChecker(), new AvailabilityChecker(),
                new ConcurrentPrimariesChecker(), new PerformanceChecker(), new NodeLoadChecker());
    }

    /**
     * Checks a run directory (or a bare history.jsonl) and writes results.json beside the history.
     *
     * @throws BadRunException when the run cannot be read (missing file, malformed line)
     */
    public static RunResults checkRun(Path runDirOrHistory) {
        return checkRun(runDirOrHistory, LinearizabilityChecker.DEFAULT_BUDGET);
    }

    public static RunResults checkRun(Path runDirOrHistory, long searchBudget) {
        RunData run = RunLoader.load(runDirOrHistory);
        RunResults results = check(run, all(searchBudget));
        write(results, run.dir().resolve(RESULTS_JSON));
        return results;
    }

    public static RunResults check(RunData run, List<Checker> checkers) {
        List<CheckResult> results = new ArrayList<>();
        Map<String, String> skipped = new TreeMap<>();
        for (Checker c : checkers) {
            Optional<String> why = c.skipReason(run);
            if (why.isPresent()) {
                skipped.put(c.name(), why.get());
            } else {
                results.add(c.check(run));
            }
        }
        String name = run.dir().getFileName() == null ? run.dir().toString() : run.dir().getFileName().toString();
        return new RunResults(name, run.backend(), run.workload().specName(), results, skipped);
    }

    public static void write(RunResults results, Path file) {
        ObjectNode root = RunLoader.JSON.createObjectNode();
        root.put("run", results.run());
        root.put("backend", results.backend());
        root.put("workload", results.workload());
        root.put("verdict", results.verdict().jsonName());
        ArrayNode checkers = root.putArray("checkers");
        results.checkers().forEach(c -> checkers.add(RunLoader.JSON.valueToTree(c)));
        ArrayNode skipped = root.putArray("skipped");
        results.skipped().forEach((name, why) -> skipped.addObject().put("name", name).put("reason", why));
        try {
            RunLoader.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a results.json back (for comparisons of runs checked earlier). */
    public static RunResults read(Path file) {
        try {
            ObjectNode root = (ObjectNode) RunLoader.JSON.readTree(file.toFile());
            List<CheckResult> results = new ArrayList<>();
            root.path("checkers").forEach(c -> results.add(RunLoader.JSON.convertValue(c, CheckResult.class)));
            Map<String, String> skipped = new LinkedHashMap<>();
            root.path("skipped").forEach(s -> skipped.put(s.path("name").asText(), s.path("reason").asText()));
            return new RunResults(root.path("run").asText(), root.path("backend").asText(), root.path("workload").asText(),
                    results, skipped);
        } catch (IOException | ClassCastException e) {
            throw new BadRunException(file + " is not a results.json: " + e.getMessage(), e);
        }
    }
}
