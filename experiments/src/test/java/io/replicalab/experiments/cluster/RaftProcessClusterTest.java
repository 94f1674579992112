package io.replicalab.experiments.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.CausalContext;
import io.replicalab.api.KvClient;
import io.replicalab.api.Outcome;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.node.testing.TestClusters;
import io.replicalab.raft.RaftBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three raft nodes as separate JVMs (Ratis log on disk, always forced): the leader is killed with
 * {@code kill -9} in the middle of a write burst from several clients and restarted. Every write that
 * was acknowledged must then be readable with a linearizable read, and every replica's apply log must be
 * a prefix of one order.
 */
class RaftProcessClusterTest {
    private static final int WRITERS = 4;
    private static final int WRITES_PER_WRITER = 80;
    private static final int KILL_AFTER_OKS = 60;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    private ProcessCluster cluster;
    private final List<KvClient> clients = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        ClusterSpec base = TestClusters.loopback(RaftBackend.NAME, 3, dataDir, "rocksdb", "always");
        ObjectNode raft = JsonNodeFactory.instance.objectNode().put("election-timeout-min-ms", 300).put("election-timeout-max-ms", 600);
        ClusterSpec spec = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, raft, null);
        cluster = ProcessCluster.start(spec, workDir);
    }

    @AfterEach
    void stopCluster() {
        clients.forEach(KvClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private KvClient client() {
        KvClient c = new RaftBackend().newClient(cluster.spec());
        clients.add(c);
        return c;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void leaderKilledMidBurstLosesNoAcknowledgedWriteAndApplyLogsStayPrefixesOfOneOrder() throws Exception {
        NodeAdmins admins = new NodeAdmins(cluster.spec());
        KvClient first = client();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            first.put("warm-up", b("x"), CausalContext.EMPTY, WriteOptions.defaults()).toCompletableFuture().join();
            return true;
        });
        String leader = admins.awaitLeader(null, WAIT).nodeId();

        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        AtomicInteger oks = new AtomicInteger();
        CountDownLatch enoughBeforeKill = new CountDownLatch(KILL_AFTER_OKS);
        List<Thread> writers = new ArrayList<>();
        WriteOptions w = WriteOptions.defaults().withTimeout(Duration.ofSeconds(3));
        for (int t = 0; t < WRITERS; t++) {
            KvClient c = client();
            String prefix = "w" + t + "-";
            Thread writer = new Thread(() -> {
                for (int i = 0; i < WRITES_PER_WRITER; i++) {
                    String key = prefix + i;
                    try {
                        c.put(key, b(key), CausalContext.EMPTY, w).toCompletableFuture().join();
                        outcomes.put(key, Outcome.OK);
                        oks.incrementAndGet();
                        enoughBeforeKill.countDown();
                    } catch (RuntimeException e) {
                        outcomes.put(key, Outcome.ofFailure(e));
                    }
                }
            }, "burst-writer-" + t);
            writer.start();
            writers.add(writer);
        }
        assertTrue(enoughBeforeKill.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the burst did not get going");
        int oksBeforeKill = oks.get();
        cluster.kill9(leader);
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(120));
            assertFalse(writer.isAlive(), writer.getName() + " is stuck");
        }
        assertTrue(oks.get() > oksBeforeKill, "writes resumed after the leader was killed");
        assertTrue(oksBeforeKill < WRITERS * WRITES_PER_WRITER, "the kill happened mid-burst");
        assertNotEquals(leader, admins.awaitLeader(leader, WAIT).nodeId());

        cluster.restart(leader);

        // Zero lost: every acknowledged write is there, read linearizably (through the leader).
        KvClient reader = client();
        for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
            if (e.getValue() != Outcome.OK) {
                continue; // info: may or may not have been applied; fail: must not matter either
            }
            Versioned<byte[]> v = reader.get(e.getKey(), ReadOptions.linearizable()).toCompletableFuture().join();
            assertTrue(v.isPresent(), e.getKey() + " was acknowledged, then lost");
            assertEquals(e.getKey(), new String(v.value(), StandardCharsets.UTF_8));
        }

        // Once the restarted node caught up, all three apply logs are one order (prefixes of the longest).
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            long applied = admins.detail(leader, "applied-index");
            return applied > 0 && cluster.nodeIds().stream().allMatch(id -> admins.detail(id, "applied-index") == applied);
        });
        List<List<String>> logs = cluster.nodeIds().stream().map(admins::applyLog).toList();
        List<String> longest = logs.stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        for (int i = 0; i < logs.size(); i++) {
            List<String> log = logs.get(i);
            assertEquals(longest.subList(0, log.size()), log, "apply log of " + cluster.nodeIds().get(i) + " diverges");
        }
        long acked = outcomes.values().stream().filter(o -> o == Outcome.OK).count();
        assertTrue(longest.size() >= acked + 1, "every acknowledged write (and the warm-up) was applied: " + longest.size()
                + " entries for " + acked + " acks");
    }
}
