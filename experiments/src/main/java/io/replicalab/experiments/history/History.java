package io.replicalab.experiments.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A whole history in memory, with client operations paired invoke → completion per process. */
public final class History {
    private final List<HistoryEvent> events;
    private final List<Operation> operations;

    public History(List<HistoryEvent> events) {
        this.events = List.copyOf(events);
        this.operations = pair(this.events);
    }

    public List<HistoryEvent> events() {
        return events;
    }

    /** Client operations in invocation order. */
    public List<Operation> operations() {
        return operations;
    }

    public List<HistoryEvent> nemesisEvents() {
        return events.stream().filter(e -> e.type() == EventType.NEMESIS).toList();
    }

    public List<HistoryEvent> backendEvents() {
        return events.stream().filter(e -> e.type() == EventType.EVENT).toList();
    }

    private static List<Operation> pair(List<HistoryEvent> events) {
        List<HistoryEvent> invokes = new ArrayList<>();
        Map<HistoryEvent, HistoryEvent> completions = new HashMap<>();
        Map<Integer, HistoryEvent> open = new HashMap<>();
        for (HistoryEvent e : events) {
            if (!e.isClientOp()) {
                continue;
            }
            if (e.type() == EventType.INVOKE) {
                HistoryEvent previous = open.put(e.process(), e);
                if (previous != null) {
                    throw new HistoryFormatException("event " + e.index() + ": process " + e.process()
                            + " invoked again while event " + previous.index() + " is still open");
                }
                invokes.add(e);
            } else if (e.type().isCompletion()) {
                HistoryEvent invoke = open.remove(e.process());
                if (invoke == null) {
                    throw new HistoryFormatException("event " + e.index() + ": completion for process " + e.process()
                            + " with no open invoke");
                }
                completions.put(invoke, e);
            }
        }
        List<Operation> ops = new ArrayList<>(invokes.size());
        for (HistoryEvent invoke : invokes) {
            ops.add(new Operation(invoke, completions.get(invoke)));
        }
        return List.copyOf(ops);
    }
}
