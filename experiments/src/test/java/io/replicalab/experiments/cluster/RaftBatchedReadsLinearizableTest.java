package io.replicalab.experiments.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.KvClient;
import io.replicalab.api.KvException;
import io.replicalab.api.Outcome;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.experiments.checker.LinearizabilityChecker;
import io.replicalab.experiments.checker.WglSearch;
import io.replicalab.experiments.checker.Workload;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.Operation;
import io.replicalab.node.testing.TestClusters;
import io.replicalab.raft.RaftBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raft linearizable reads with read batching on and the default {@code linearizable-reads: log}: many reader threads
 * share ONE client, so their gets leave together as multi-get requests (one Raft entry each), while writers write
 * unique values. The leader is
 * killed, and later the new leader is cut from the other nodes. The history is checked with the register
 * linearizability checker: a get answered from a deposed leader, a read index taken before a get was invoked, or a
 * reply handed to the wrong get of a batch (every value is written once, to one key) makes it non-linearizable.
 */
class RaftBatchedReadsLinearizableTest {
    private static final int READERS = 8;
    private static final int WRITERS = 2;
    private static final List<String> KEYS = List.of("r0", "r1", "r2");
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(1);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    /** The history of this test, in invocation/completion order (index and time assigned under one lock). */
    private final List<HistoryEvent> events = new ArrayList<>();
    private final long t0 = System.nanoTime();

    private synchronized void record(EventType type, int process, String f, String key, JsonNode value, String node,
                                     String error) {
        events.add(new HistoryEvent(events.size(), type, process, f, key, value, node, System.nanoTime() - t0,
                System.currentTimeMillis(), error));
    }

    @Test
    void batchedLinearizableGetsStayLinearizableAcrossALeaderKillAndALeaderPartition() throws Exception {
        ObjectNode raft = JSON.objectNode().put("election-timeout-min-ms", 300).put("election-timeout-max-ms", 600)
                .put("read-batching", true);
        ClusterSpec spec = TestClusters.loopback(RaftBackend.NAME, 3, dir).withBackendSection(RaftBackend.NAME, raft);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger values = new AtomicInteger();
        AtomicInteger okReads = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashed = java.util.Collections.synchronizedList(new ArrayList<>());
        try (LocalCluster cluster = LocalCluster.start(spec); KvClient reads = cluster.newClient();
             KvClient writes = cluster.newClient()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> writes.blocking().put("warm", bytes("up")) != null);
            for (int p = 0; p < WRITERS + READERS; p++) {
                int process = p;
                boolean writer = p < WRITERS;
                Thread t = new Thread(() -> {
                    for (int i = 0; running.get(); i++) {
                        String key = KEYS.get((process + i) % KEYS.size());
                        if (writer) {
                            write(writes, process, key, values.incrementAndGet());
                        } else if (read(reads, process, key)) {
                            okReads.incrementAndGet();
                        }
                    }
                }, "history-" + p);
                t.setUncaughtExceptionHandler((thread, e) -> crashed.add(e));
                threads.add(t);
                t.start();
            }
            String first = awaitLeader(cluster, null);
            awaitMoreReads(okReads);
            cluster.kill(first);
            String second = awaitLeader(cluster, first);
            awaitMoreReads(okReads);
            cluster.restart(first);
            awaitMoreReads(okReads);
            isolate(cluster, second);
            awaitLeader(cluster, second);
            awaitMoreReads(okReads);
            cluster.healAll();
            awaitMoreReads(okReads);
            running.set(false);
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(10).toMillis());
            }
        } finally {
            running.set(false);
        }

        assertEquals(List.of(), crashed, "client threads failed");
        List<Operation> ops;
        synchronized (this) {
            ops = new History(events).operations();
        }
        long okGets = ops.stream().filter(o -> o.invoke().f().equals("read") && o.outcome() == EventType.OK).count();
        long okWrites = ops.stream().filter(o -> o.invoke().f().equals("write") && o.outcome() == EventType.OK).count();
        assertTrue(okGets > 50 && okWrites > 10, okGets + " reads and " + okWrites + " writes acknowledged");
        List<LinearizabilityChecker.KeyResult> results = new LinearizabilityChecker(50_000_000)
                .checkKeys(ops, Workload.REGISTER);
        assertEquals(KEYS.size(), results.size());
        for (LinearizabilityChecker.KeyResult k : results) {
            assertEquals(WglSearch.Outcome.LINEARIZABLE, k.outcome(), () -> k + "\n" + explain(k, ops));
        }
    }

    /** The operations (of any key) that wrote or read a value the counterexample's operations read. */
    private static String explain(LinearizabilityChecker.KeyResult k, List<Operation> ops) {
        java.util.Set<JsonNode> read = new java.util.HashSet<>();
        k.counterexample().ifPresent(cx -> cx.ops().forEach(op -> {
            if (op.source() != null && op.source().completion() != null && op.source().completion().value() != null) {
                read.add(op.source().completion().value());
            }
        }));
        StringBuilder out = new StringBuilder("operations with the values read there:");
        for (Operation op : ops) {
            JsonNode v = op.invoke().f().equals("write") ? op.invoke().value()
                    : op.completion() == null ? null : op.completion().value();
            if (v != null && read.contains(v)) {
                out.append("\n  ").append(op);
            }
        }
        return out.toString();
    }

    private void write(KvClient c, int process, String key, int value) {
        record(EventType.INVOKE, process, "write", key, JSON.numberNode(value), null, null);
        try {
            c.put(key, bytes(Integer.toString(value)), io.replicalab.api.CausalContext.EMPTY,
                    WriteOptions.defaults().withTimeout(OP_TIMEOUT)).toCompletableFuture().join();
            record(EventType.OK, process, "write", key, JSON.numberNode(value), null, null);
        } catch (RuntimeException e) {
            KvException kv = kvException(e);
            record(type(kv.outcome()), process, "write", key, JSON.numberNode(value), null, kv.toString());
        }
    }

    /** A linearizable get; true if it succeeded. */
    private boolean read(KvClient c, int process, String key) {
        record(EventType.INVOKE, process, "read", key, null, null, null);
        try {
            Versioned<byte[]> v = c.get(key, ReadOptions.linearizable().withTimeout(OP_TIMEOUT)).toCompletableFuture().join();
            JsonNode value = !v.isPresent() ? JSON.nullNode()
                    : JSON.numberNode(Integer.parseInt(new String(v.value(), StandardCharsets.UTF_8)));
            record(EventType.OK, process, "read", key, value, v.servedBy().orElse(null), null);
            return true;
        } catch (RuntimeException e) {
            KvException kv = kvException(e);
            record(type(kv.outcome()), process, "read", key, null, null, kv.toString());
            return false;
        }
    }

    private static KvException kvException(RuntimeException e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
        if (c instanceof KvException kv) {
            return kv;
        }
        throw new AssertionError("not a KvException: " + c, c);
    }

    private static EventType type(Outcome outcome) {
        return outcome == Outcome.FAIL ? EventType.FAIL : EventType.INFO;
    }

    private static String awaitLeader(Cluster cluster, String other) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(cluster::leader,
                l -> l.isPresent() && !l.get().equals(other) && cluster.isRunning(l.get())).orElseThrow();
    }

    /** Waits until 100 more gets were answered, so every phase of the run holds successful batched reads. */
    private static void awaitMoreReads(AtomicInteger okReads) {
        int target = okReads.get() + 100;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> okReads.get() >= target);
    }

    private static void isolate(Cluster cluster, String node) {
        for (String other : cluster.nodeIds()) {
            if (!other.equals(node)) {
                cluster.blockLink(node, other);
                cluster.blockLink(other, node);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
