package io.replicalab.experiments.history;

import java.util.Optional;

/**
 * A client operation: its invocation and its completion. An invocation the history never completed
 * (the run ended first) counts as {@link EventType#INFO}: it may have been applied, so no checker may
 * drop it.
 */
public record Operation(HistoryEvent invoke, HistoryEvent completion) {
    public Operation {
        if (invoke.type() != EventType.INVOKE) {
            throw new IllegalArgumentException("operation must start with an invoke, got " + invoke.type());
        }
    }

    public EventType outcome() {
        return completion == null ? EventType.INFO : completion.type();
    }

    public Optional<HistoryEvent> completed() {
        return Optional.ofNullable(completion);
    }

    /** Completion time, or {@code Long.MAX_VALUE} when the operation never completed. */
    public long end() {
        return completion == null ? Long.MAX_VALUE : completion.time();
    }

    public long start() {
        return invoke.time();
    }

    /**
     * The node that served the operation (coordinator, primary or leader) as its completion line says;
     * empty when the backend's client did not say or the operation did not complete.
     */
    public Optional<String> servedBy() {
        return completed().map(HistoryEvent::node).or(() -> Optional.ofNullable(invoke.node()));
    }
}
