package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A history with chosen times (ms), for checkers that measure time (availability, performance). */
final class TimedHistory {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final List<HistoryEvent> events = new ArrayList<>();

    private void add(EventType type, int process, String f, String key, Object value, double ms) {
        long nanos = (long) (ms * 1_000_000);
        events.add(new HistoryEvent(events.size(), type, process, f, key, Recorder.json(value), null, nanos, nanos / 1_000_000, null));
    }

    /** An operation on its own process: invoke at {@code fromMs}, completion {@code outcome} at {@code toMs}. */
    TimedHistory op(int process, String f, String key, Object value, double fromMs, double toMs, EventType outcome) {
        add(EventType.INVOKE, process, f, key, value, fromMs);
        add(outcome, process, f, key, value, toMs);
        return this;
    }

    TimedHistory fault(int id, String action, String fault, double ms) {
        long nanos = (long) (ms * 1_000_000);
        events.add(new HistoryEvent(events.size(), EventType.NEMESIS, HistoryEvent.NO_PROCESS, action, null,
                JSON.objectNode().put("id", id).put("fault", fault), null, nanos, nanos / 1_000_000, null));
        return this;
    }

    /** The final-reads phase marker at {@code ms}: what follows is not the faulty part of the run. */
    TimedHistory finalReads(double ms) {
        long nanos = (long) (ms * 1_000_000);
        events.add(new HistoryEvent(events.size(), EventType.EVENT, HistoryEvent.NO_PROCESS, RunData.PHASE, null,
                JSON.objectNode().put("name", RunData.FINAL_READS), null, nanos, nanos / 1_000_000, null));
        return this;
    }

    /** Events must be added in time order per process; they are sorted by time here. */
    RunData run(Workload workload) {
        List<HistoryEvent> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparingLong(HistoryEvent::time));
        List<HistoryEvent> indexed = new ArrayList<>();
        for (HistoryEvent e : sorted) {
            indexed.add(new HistoryEvent(indexed.size(), e.type(), e.process(), e.f(), e.key(), e.value(), e.node(),
                    e.time(), e.wall(), e.error()));
        }
        return new RunData(Path.of("timed"), JSON.objectNode(), workload, new History(indexed), Map.of());
    }
}
