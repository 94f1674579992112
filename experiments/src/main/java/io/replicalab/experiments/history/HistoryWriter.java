package io.replicalab.experiments.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends history events to a JSONL file as they happen and keeps them in memory for the checkers.
 * Thread-safe: the index and the time of an event are taken under one lock, so the file's order is the
 * order of {@link HistoryEvent#time()}.
 */
public final class HistoryWriter implements AutoCloseable {
    private final BufferedWriter out;
    private final long originNanos;
    private final List<HistoryEvent> events = new ArrayList<>();
    private long nextIndex;

    private HistoryWriter(BufferedWriter out) {
        this.out = out;
        this.originNanos = System.nanoTime();
    }

    /** Starts a history in {@code file} (replacing it); parent dirs are created. */
    public static HistoryWriter create(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return new HistoryWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create history " + file + ": " + e.getMessage(), e);
        }
    }

    public HistoryEvent invoke(int process, String f, String key, JsonNode value, String node) {
        return append(EventType.INVOKE, process, f, key, value, node, null);
    }

    /** Completes {@code invoke} with {@code type} (ok, fail or info). */
    public HistoryEvent complete(HistoryEvent invoke, EventType type, JsonNode value, String error) {
        return complete(invoke, type, value, error, null);
    }

    /**
     * Completes {@code invoke} with {@code type}, noting the node that served the operation ({@code servedBy};
     * null when the backend's client does not say, and the invoke's node, if any, is kept).
     */
    public HistoryEvent complete(HistoryEvent invoke, EventType type, JsonNode value, String error, String servedBy) {
        if (!type.isCompletion()) {
            throw new IllegalArgumentException(type + " is not a completion");
        }
        return append(type, invoke.process(), invoke.f(), invoke.key(), value, servedBy != null ? servedBy : invoke.node(), error);
    }

    public HistoryEvent nemesis(String action, JsonNode description) {
        return append(EventType.NEMESIS, HistoryEvent.NO_PROCESS, action, null, description, null, null);
    }

    public HistoryEvent backendEvent(String kind, String node, JsonNode details) {
        return append(EventType.EVENT, HistoryEvent.NO_PROCESS, kind, null, details, node, null);
    }

    private synchronized HistoryEvent append(EventType type, int process, String f, String key, JsonNode value,
                                             String node, String error) {
        HistoryEvent e = new HistoryEvent(nextIndex++, type, process, f, key, value, node,
                System.nanoTime() - originNanos, System.currentTimeMillis(), error);
        events.add(e);
        try {
            out.write(HistoryJson.MAPPER.writeValueAsString(e));
            out.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to history: " + ex.getMessage(), ex);
        }
        return e;
    }

    /** Nanoseconds since this history began, on the same clock as {@link HistoryEvent#time()}. */
    public long now() {
        return System.nanoTime() - originNanos;
    }

    /** The events so far, paired into operations. */
    public synchronized History snapshot() {
        return new History(events);
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
