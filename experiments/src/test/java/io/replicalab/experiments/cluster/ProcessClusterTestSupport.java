package io.replicalab.experiments.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.CausalContext;
import io.replicalab.api.KvClient;
import io.replicalab.api.KvException;
import io.replicalab.api.Outcome;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.node.testing.TestClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the process-cluster tests share: three nodes of one backend as separate JVMs on loopback
 * (RocksDB, fsync always) with data and logs in temp dirs, their clients, and the cleanup of both.
 */
abstract class ProcessClusterTestSupport {
    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    ProcessCluster cluster;
    private final List<KvClient> clients = new ArrayList<>();

    /** Three nodes of {@code backend} with free ports under {@code dataDir}, before backend settings. */
    ClusterSpec threeNodes(String backend) {
        return TestClusters.loopback(backend, 3, dataDir, "rocksdb", "always");
    }

    ProcessCluster start(ClusterSpec spec) {
        cluster = ProcessCluster.start(spec, workDir);
        return cluster;
    }

    @AfterEach
    void stopCluster() {
        clients.forEach(KvClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A client of the cluster as {@code spec} describes it (closed after the test). */
    KvClient client(ClusterSpec spec) {
        KvClient c = Backends.named(spec.backend()).newClient(spec);
        clients.add(c);
        return c;
    }

    KvClient client() {
        return client(cluster.spec());
    }

    /** Writes {@code warm-up} until the cluster acknowledges it (a leader is elected, a quorum is up). */
    void awaitWritable() {
        KvClient c = client();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            c.put("warm-up", b("x"), CausalContext.EMPTY, WriteOptions.defaults()).toCompletableFuture().join();
            return true;
        });
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The failure {@code op} ends with, unwrapped from the future's {@link CompletionException}. */
    static KvException failure(Runnable op) {
        RuntimeException e = assertThrows(RuntimeException.class, op::run);
        return assertInstanceOf(KvException.class, e instanceof CompletionException ? e.getCause() : e);
    }

    /**
     * The writes of a burst during which a node was killed: each key's outcome, when each acknowledgement
     * arrived, and when the kill was done.
     */
    record KillBurst(Map<String, Outcome> outcomes, Map<String, Long> okAtNanos, int oksBeforeKill, long killedAtNanos) {
        long oks() {
            return outcomes.values().stream().filter(o -> o == Outcome.OK).count();
        }

        /** From the kill to the first write acknowledged after it: the failover time as clients see it. */
        long failoverMillis() {
            long first = okAtNanos.values().stream().filter(t -> t > killedAtNanos).mapToLong(Long::longValue).min()
                    .orElseThrow(() -> new AssertionError("no write was acknowledged after the kill"));
            return TimeUnit.NANOSECONDS.toMillis(first - killedAtNanos);
        }
    }

    /**
     * {@code writers} clients each put {@code perWriter} distinct keys (value = key, 3 s timeout); once
     * {@code killAfterOks} were acknowledged, {@code victim} is killed with {@code kill -9}. Returns when every
     * writer is done, having checked that the kill came mid-burst and that writes resumed after it.
     */
    KillBurst burstKilling(String victim, int writers, int perWriter, int killAfterOks) throws InterruptedException {
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        Map<String, Long> okAt = new ConcurrentHashMap<>();
        CountDownLatch enoughBeforeKill = new CountDownLatch(killAfterOks);
        List<Thread> threads = new ArrayList<>();
        WriteOptions w = WriteOptions.defaults().withTimeout(Duration.ofSeconds(3));
        for (int t = 0; t < writers; t++) {
            KvClient c = client();
            String prefix = "w" + t + "-";
            Thread writer = new Thread(() -> {
                for (int i = 0; i < perWriter; i++) {
                    String key = prefix + i;
                    try {
                        c.put(key, b(key), CausalContext.EMPTY, w).toCompletableFuture().join();
                        okAt.put(key, System.nanoTime());
                        outcomes.put(key, Outcome.OK);
                        enoughBeforeKill.countDown();
                    } catch (RuntimeException e) {
                        outcomes.put(key, Outcome.ofFailure(e));
                    }
                }
            }, "burst-writer-" + t);
            writer.start();
            threads.add(writer);
        }
        assertTrue(enoughBeforeKill.await(30, TimeUnit.SECONDS), "the burst did not get going");
        int oksBeforeKill = okAt.size();
        cluster.kill9(victim);
        long killedAt = System.nanoTime();
        for (Thread writer : threads) {
            writer.join(TimeUnit.SECONDS.toMillis(120));
            assertFalse(writer.isAlive(), writer.getName() + " is stuck");
        }
        KillBurst burst = new KillBurst(Map.copyOf(outcomes), Map.copyOf(okAt), oksBeforeKill, killedAt);
        assertTrue(burst.oks() > oksBeforeKill, "writes resumed after " + victim + " was killed");
        assertTrue(oksBeforeKill < writers * perWriter, "the kill happened mid-burst");
        return burst;
    }

    /** Zero lost: every acknowledged write of {@code burst} reads back with its value. */
    static void assertEveryAcknowledgedWriteReadBack(KvClient reader, ReadOptions read, KillBurst burst) {
        for (Map.Entry<String, Outcome> e : burst.outcomes().entrySet()) {
            if (e.getValue() != Outcome.OK) {
                continue; // info: may or may not have been applied; fail: must not matter either
            }
            Versioned<byte[]> v = reader.get(e.getKey(), read).toCompletableFuture().join();
            assertTrue(v.isPresent(), e.getKey() + " was acknowledged, then lost");
            assertEquals(e.getKey(), new String(v.value(), StandardCharsets.UTF_8));
        }
    }
}
