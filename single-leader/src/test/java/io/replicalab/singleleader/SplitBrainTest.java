package io.replicalab.singleleader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.CausalContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary cut from ZooKeeper (through its ZooKeeper proxy) but not from clients: with fencing off
 * two primaries acknowledge writes at the same time; with fencing on the old one's writes are refused
 * as soon as the new epoch exists. Also: failover after a crash waits for the session timeout.
 */
class SplitBrainTest {
    private static final Logger LOG = LoggerFactory.getLogger(SplitBrainTest.class);
    private static final int SESSION_MS = 3000;

    @TempDir
    Path dataDir;

    private TestingServer zookeeper;
    private SingleLeaderTestCluster cluster;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(new InstanceSpec(dataDir.resolve("zk").toFile(), -1, -1, -1, true, -1, 100, -1,
                Map.of("maxSessionTimeout", "60000")), true);
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        zookeeper.close();
    }

    private SingleLeaderTestCluster start(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("zookeeper", zookeeper.getConnectString(),
                "session-timeout-ms", SESSION_MS, "promotion-policy", "any"));
        all.putAll(settings);
        cluster = new SingleLeaderTestCluster(dataDir.resolve("nodes"), 3, all);
        cluster.start("n1");
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.node("n1").isPrimary());
        cluster.start("n2");
        cluster.start("n3");
        return cluster;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long epochOf(CausalContext version) {
        return ByteBuffer.wrap(version.toBytes()).getLong();
    }

    private SingleLeaderNode awaitPrimaryOtherThan(String old) {
        SingleLeaderNode[] found = new SingleLeaderNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            found[0] = cluster.running().stream().filter(n -> !n.nodeId().equals(old) && n.isPrimary()).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    @Test
    void withoutFencingTwoPrimariesAcknowledgeWritesAtTheSameTime() {
        start(Map.of("mode", "async", "fencing", false));
        SingleLeaderNode old = cluster.node("n1");
        BlockingKvClient viaOld = cluster.clientPreferring("n1").blocking();
        viaOld.put("k", b("before"));
        old.faults().blockLink("n1", "zookeeper");
        SingleLeaderNode fresh = awaitPrimaryOtherThan("n1");
        BlockingKvClient viaNew = cluster.clientPreferring(fresh.nodeId()).blocking();
        CausalContext a = viaOld.put("k", b("from-old"));
        CausalContext c = viaNew.put("k", b("from-new"));
        assertTrue(old.isPrimary() && fresh.isPrimary(), "both still lead after both acknowledged");
        assertEquals(old.primaryEpoch(), epochOf(a), "acknowledged by the old primary in its old epoch");
        assertEquals(fresh.primaryEpoch(), epochOf(c));
        assertTrue(epochOf(a) < epochOf(c));
        // The old primary only stops when its own ZooKeeper client declares the session lost.
        await().atMost(Duration.ofSeconds(20)).until(() -> !old.isPrimary());
    }

    @Test
    void withFencingTheOldPrimaryStopsTakingWritesOnceAReplicaKnowsTheNewEpoch() {
        start(Map.of("mode", "semi-sync", "fencing", true));
        SingleLeaderNode old = cluster.node("n1");
        BlockingKvClient viaOld = cluster.clientPreferring("n1").blocking();
        viaOld.put("k", b("before"));
        old.faults().blockLink("n1", "zookeeper");
        // Whoever becomes primary cannot reach n1 (a partition), so n1 can learn of the new epoch only
        // from the replica that still answers it.
        cluster.block("n2", "n1");
        SingleLeaderNode fresh = awaitPrimaryOtherThan("n1");
        assertEquals("n2", fresh.nodeId(), "n2 is next in the latch");
        long newEpoch = fresh.primaryEpoch();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.running().stream()
                .filter(n -> n != old && n != fresh).allMatch(n -> n.knownEpoch() >= newEpoch));
        // n1's own heartbeat to n3 is answered STALE_EPOCH: n1 stops taking writes well before its
        // ZooKeeper client would declare the session lost.
        await().atMost(Duration.ofSeconds(10)).until(() -> !old.isPrimary());
        assertTrue(old.events().stream().anyMatch(ev -> ev.kind().equals("deposed") && ev.detail().contains("fenced")),
                old.events().toString());
        CausalContext written = viaOld.put("k", b("after"));
        assertEquals(newEpoch, epochOf(written), "n1 refused it (not primary) and the client was redirected: "
                + "acknowledged only in the new epoch");
        BlockingKvClient viaNew = cluster.clientPreferring(fresh.nodeId()).blocking();
        assertEquals("after", new String(viaNew.get("k").value(), StandardCharsets.UTF_8));
    }

    @Test
    void failoverAfterACrashWaitsForTheZooKeeperSessionToExpire() {
        start(Map.of("mode", "semi-sync"));
        BlockingKvClient c = cluster.client().blocking();
        c.put("k", b("v1"));
        // A crash: the node vanishes without closing its session (its ZooKeeper link goes dark first).
        cluster.node("n1").faults().blockLink("n1", "zookeeper");
        long crashedAt = System.nanoTime();
        cluster.stop("n1");
        awaitPrimaryOtherThan("n1");
        c.put("k", b("v2"));
        long failoverMs = (System.nanoTime() - crashedAt) / 1_000_000;
        LOG.warn("failover: first write {} ms after the primary crashed (session timeout {} ms)", failoverMs, SESSION_MS);
        // ZooKeeper expires a session a timeout after it last heard the client, which pings every third of it.
        assertTrue(failoverMs >= SESSION_MS * 2 / 3, "no new primary before ZooKeeper expired the session: " + failoverMs);
        assertEquals("v2", new String(c.get("k").value(), StandardCharsets.UTF_8));
    }
}
