package io.replicalab.singleleader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.CausalContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary cut from ZooKeeper (through its ZooKeeper proxy) but not from clients: with fencing off
 * two primaries acknowledge writes at the same time; with fencing on the old one's writes are refused
 * as soon as the new epoch exists. Also: failover after a crash waits for the session timeout.
 */
class SplitBrainTest extends ZooKeeperClusterTestSupport {
    private static final Logger LOG = LoggerFactory.getLogger(SplitBrainTest.class);
    private static final int SESSION_MS = 3000;

    @Override
    Map<String, Object> defaults() {
        return Map.of("session-timeout-ms", SESSION_MS, "promotion-policy", "any");
    }

    private static long epochOf(CausalContext version) {
        return ByteBuffer.wrap(version.toBytes()).getLong();
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
