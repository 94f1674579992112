package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.Operation;
import io.replicalab.node.applylog.ApplyLogEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the checkers read of one run (run-layout.md): run.json, the history and the apply logs.
 *
 * @param dir where results.json and report.html go
 * @param runInfo run.json, or an empty object for a bare history
 * @param applyLogs apply log entries per node id, in sequence order; empty when the run has none
 */
public record RunData(Path dir, JsonNode runInfo, Workload workload, History history,
                      Map<String, List<ApplyLogEntry>> applyLogs) {
    public static final String PHASE = "phase";
    public static final String FINAL_READS = "final-reads";

    public String backend() {
        return runInfo.path("backend").asText("unknown");
    }

    /** Index of the final-reads phase marker, or {@code Long.MAX_VALUE} when the history has none. */
    public long finalReadsIndex() {
        return history.backendEvents().stream()
                .filter(e -> e.f().equals(PHASE) && e.value() != null
                        && FINAL_READS.equals(e.value().path("name").asText()))
                .mapToLong(HistoryEvent::index).findFirst().orElse(Long.MAX_VALUE);
    }

    public boolean hasFinalReads() {
        return finalReadsIndex() != Long.MAX_VALUE;
    }

    /** Operations invoked before the final-reads marker (all of them when there is none). */
    public List<Operation> mainOperations() {
        long marker = finalReadsIndex();
        return history.operations().stream().filter(op -> op.invoke().index() < marker).toList();
    }

    /** Operations invoked after the final-reads marker: reads done after heal and quiesce. */
    public List<Operation> finalOperations() {
        long marker = finalReadsIndex();
        return history.operations().stream().filter(op -> op.invoke().index() > marker).toList();
    }

    /** Time of the final-reads marker, or of the last event when there is none: where the faulty part ends. */
    public long mainPhaseEnd() {
        long marker = finalReadsIndex();
        List<HistoryEvent> events = history.events();
        if (events.isEmpty()) {
            return 0;
        }
        return marker == Long.MAX_VALUE ? events.get(events.size() - 1).time()
                : events.stream().filter(e -> e.index() == marker).findFirst().orElseThrow().time();
    }

    /** Whether the run says its reads and writes were meant to be linearizable (run.json consistency). */
    public boolean claimsLinearizable() {
        JsonNode c = runInfo.path("consistency");
        return c.toString().toLowerCase(java.util.Locale.ROOT).contains("linearizable");
    }
}
