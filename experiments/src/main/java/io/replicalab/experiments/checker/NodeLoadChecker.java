package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Per-node load during the workload: the requests each node's RPC server handled (run.json
 * {@code nodeRequests}, counted on the nodes by message type), their total, how uneven they are (busiest
 * node over the mean) and how many requests the cluster handled per acknowledged operation (what a
 * fan-out design costs the servers). A measurement: always valid.
 */
public final class NodeLoadChecker implements Checker {
    public static final String NAME = "node-load";
    /** The run.json field the runner writes: {@code {"n1": {"CoordinatePut": 812, ...}, ...}}. */
    public static final String RUN_JSON_FIELD = "nodeRequests";
    /** The run.json field listing the nodes that gave no counts (down, frozen or not answering at a snapshot). */
    public static final String MISSING_FIELD = "nodeRequestsMissing";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        return run.runInfo().path(RUN_JSON_FIELD).isObject() && !run.runInfo().path(RUN_JSON_FIELD).isEmpty() ? Optional.empty()
                : Optional.of("run.json has no " + RUN_JSON_FIELD + " (the backend's nodes do not count requests, or an older run)");
    }

    @Override
    public CheckResult check(RunData run) {
        JsonNode perNode = run.runInfo().path(RUN_JSON_FIELD);
        Map<String, Long> totals = new LinkedHashMap<>();
        Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
        perNode.fields().forEachRemaining(node -> {
            Map<String, Long> types = new LinkedHashMap<>();
            node.getValue().fields().forEachRemaining(t -> types.put(t.getKey(), t.getValue().asLong()));
            byType.put(node.getKey(), types);
            totals.put(node.getKey(), types.values().stream().mapToLong(Long::longValue).sum());
        });
        long total = totals.values().stream().mapToLong(Long::longValue).sum();
        long busiest = totals.values().stream().mapToLong(Long::longValue).max().orElse(0);
        double mean = totals.isEmpty() ? 0 : (double) total / totals.size();
        long ok = run.mainOperations().stream().filter(op -> op.outcome() == EventType.OK).count();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("requests", totals);
        numbers.put("totalRequests", total);
        numbers.put("maxOverMean", mean == 0 ? 0.0 : busiest / mean);
        numbers.put("requestsPerOkOperation", ok == 0 ? 0.0 : (double) total / ok);
        numbers.put("byType", byType);
        List<String> missing = new ArrayList<>();
        run.runInfo().path(MISSING_FIELD).forEach(n -> missing.add(n.asText()));
        numbers.put("nodesWithoutCounts", missing);
        List<String> examples = new ArrayList<>();
        byType.forEach((node, types) -> examples.add(node + ": " + totals.get(node) + " requests " + types));
        StringBuilder summary = new StringBuilder("requests per node:");
        totals.forEach((node, n) -> summary.append(' ').append(node).append(' ').append(n));
        summary.append(String.format(Locale.ROOT, " (busiest/mean %.2f, %.2f per acknowledged operation)",
                mean == 0 ? 0.0 : busiest / mean, ok == 0 ? 0.0 : (double) total / ok));
        if (!missing.isEmpty()) {
            summary.append("; no counts from ").append(String.join(", ", missing))
                    .append(" (down, frozen or not answering at the start or end of the workload)");
        }
        return new CheckResult(NAME, Verdict.VALID, summary.toString(), numbers, examples);
    }
}
