package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.HistoryWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Writes a hand-built history with the real {@link HistoryWriter} (so real-time order is the order of the
 * calls here) into a run directory, then loads it back the way {@code replicalab check} does.
 */
public final class Recorder implements AutoCloseable {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final Path dir;
    private final HistoryWriter writer;
    private int nextFault;

    public Recorder(Path dir) {
        this.dir = dir;
        this.writer = HistoryWriter.create(dir.resolve(RunLoader.HISTORY));
    }

    /** A run directory whose run.json names {@code workload} (and a backend). */
    public static Recorder run(Path dir, String backend, String workload) {
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(RunLoader.RUN_JSON),
                    "{\"backend\":\"" + backend + "\",\"workload\":\"" + workload + "\",\"fsync\":\"always\"}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Recorder(dir);
    }

    public HistoryEvent invoke(int process, String f, String key, Object value) {
        return writer.invoke(process, f, key, json(value), "n" + (process % 3 + 1));
    }

    public HistoryEvent invokeOn(int process, String f, String key, Object value, String node) {
        return writer.invoke(process, f, key, json(value), node);
    }

    public void ok(HistoryEvent invoke, Object value) {
        writer.complete(invoke, EventType.OK, json(value), null);
    }

    /** An acknowledged write: its value is the invoke's. */
    public void ok(HistoryEvent invoke) {
        writer.complete(invoke, EventType.OK, invoke.value(), null);
    }

    public void fail(HistoryEvent invoke) {
        writer.complete(invoke, EventType.FAIL, null, "unavailable");
    }

    public void info(HistoryEvent invoke) {
        writer.complete(invoke, EventType.INFO, null, "timed out");
    }

    /** A sequential operation: invoked and acknowledged with nothing in between. */
    public void done(int process, String f, String key, Object value, Object result) {
        ok(invoke(process, f, key, value), result);
    }

    public void write(int process, String key, Object value) {
        ok(invoke(process, "write", key, value));
    }

    public void read(int process, String key, Object result) {
        done(process, "read", key, null, result);
    }

    public int faultStart(String fault, String... nodes) {
        int id = nextFault++;
        ObjectNode v = JSON.objectNode().put("id", id).put("fault", fault);
        ArrayNode ns = v.putArray("nodes");
        for (String n : nodes) {
            ns.add(n);
        }
        writer.nemesis("start", v);
        return id;
    }

    public void faultStop(int id) {
        writer.nemesis("stop", JSON.objectNode().put("id", id));
    }

    /** An acknowledged write served by {@code node} (the completion line's node). */
    public void writeServedBy(int process, String key, Object value, String node) {
        HistoryEvent invoke = writer.invoke(process, "write", key, json(value), null);
        writer.complete(invoke, EventType.OK, invoke.value(), null, node);
    }

    /** A leader event as the runner's watcher writes it: {@code node} reports {@code leader} in {@code term}. */
    public void leader(String node, String leader, long term, String role) {
        writer.backendEvent("leader", node, JSON.objectNode().put("leader", leader).put("term", term).put("role", role));
    }

    /** A single-leader promotion entry ({@code promoted} / {@code deposed}), dated now. */
    public void promotion(String node, String kind, long epoch) {
        writer.backendEvent("promotion", node, JSON.objectNode().put("at-millis", System.currentTimeMillis())
                .put("node", node).put("kind", kind).put("epoch", epoch).put("position", epoch + ".0"));
    }

    public void finalReads() {
        writer.backendEvent(RunData.PHASE, null, JSON.objectNode().put("name", RunData.FINAL_READS));
    }


    /** Closes the history and loads the run directory. */
    public RunData load() {
        writer.close();
        return RunLoader.load(dir);
    }

    @Override
    public void close() {
        writer.close();
    }

    static JsonNode json(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof String s) {
            return JSON.textNode(s);
        }
        if (value instanceof Collection<?> c) {
            ArrayNode a = JSON.arrayNode();
            c.forEach(e -> a.add(json(e)));
            return a;
        }
        throw new IllegalArgumentException("no JSON for " + value);
    }

    public static List<Object> list(Object... xs) {
        return java.util.Arrays.asList(xs);
    }
}
