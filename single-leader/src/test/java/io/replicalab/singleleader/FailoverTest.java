package io.replicalab.singleleader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.ReadOptions;
import io.replicalab.singleleader.election.TtlLockElection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotion through ZooKeeper ({@link TestZooKeeper}) and what it does to acknowledged writes: seed 000's
 * "consensus protects leadership, not data" and seed 003's TTL-lock split brain.
 */
class FailoverTest extends ZooKeeperClusterTestSupport {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverTest.class);

    @Override
    Map<String, Object> defaults() {
        return Map.of("session-timeout-ms", 1500, "settle-ms", 100);
    }

    /**
     * Writes while n1 -> n2 is cut (n2 lags), kills the primary n1, and counts the acknowledged writes
     * the new primary does not have. Returns the count and the new primary.
     */
    private Map.Entry<Integer, SingleLeaderNode> lagKillAndCountLost() {
        BlockingKvClient c = cluster.client().blocking();
        c.put("before", b("0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node("n2").position().index() == 1
                && cluster.node("n3").position().index() == 1);
        cluster.block("n1", "n2");
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            c.put("k" + i, b("v" + i));
            acknowledged.add("k" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node("n3").position().index() == 21);
        long killedAt = System.nanoTime();
        cluster.stop("n1");
        SingleLeaderNode primary = awaitPrimaryOtherThan("n1");
        c.put("after", b("1"));
        LOG.info("failover: first write accepted {} ms after the primary was stopped",
                (System.nanoTime() - killedAt) / 1_000_000);
        int lost = 0;
        for (String key : acknowledged) {
            if (!c.get(key).isPresent()) {
                lost++;
            }
        }
        return Map.entry(lost, primary);
    }

    @Test
    void asyncWithPolicyAnyPromotesTheLaggingReplicaAndLosesAcknowledgedWrites() {
        start(Map.of("mode", "async", "promotion-policy", "any"));
        Map.Entry<Integer, SingleLeaderNode> r = lagKillAndCountLost();
        assertEquals("n2", r.getValue().nodeId(), "n2 was next in the latch, lag or not");
        assertTrue(r.getKey() > 0, "the lagging replica lacked acknowledged writes");
        assertEquals(20, r.getKey(), "all 20 writes acknowledged while n2 was cut off are gone");
        PromotionEvent promoted = r.getValue().events().get(0);
        assertEquals("promoted", promoted.kind());
        assertEquals("1.1", promoted.position(), "promoted at the position it had: before the 20 writes");
        assertTrue(promoted.epoch() > 1, "a new epoch: " + promoted);
    }

    @Test
    void syncWithPolicyMostUpToDateLosesNoAcknowledgedWrite() {
        start(Map.of("mode", "sync", "promotion-policy", "most-up-to-date"));
        Map.Entry<Integer, SingleLeaderNode> r = lagKillAndCountLost();
        assertEquals(0, r.getKey(), "no acknowledged write lost");
        assertEquals("n3", r.getValue().nodeId(), "the replica that had every acknowledged write");
        assertTrue(cluster.node("n2").events().stream().anyMatch(e -> e.kind().equals("stepped-back")),
                "n2 won the latch first, saw n3 ahead and stepped back: " + cluster.node("n2").events());
    }

    @Test
    void aTtlLockHolderPausedPastTheTtlAndItsSuccessorBothBelieveTheyLead() {
        start(Map.of("election", "ttl-lock", "ttl-ms", 600, "mode", "async"));
        SingleLeaderNode old = cluster.node("n1");
        ((TtlLockElection) old.election()).pause(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.running().stream()
                .filter(n -> n != old && n.isPrimary()).count() == 1);
        assertTrue(old.isPrimary(), "the paused holder has not noticed that its lock expired");
        // Both accept writes: split brain.
        SingleLeaderNode other = cluster.running().stream().filter(n -> n != old && n.isPrimary()).findFirst().orElseThrow();
        assertTrue(old.primaryEpoch() < other.primaryEpoch());
        await().atMost(Duration.ofSeconds(10)).until(() -> !old.isPrimary());
        assertTrue(old.events().stream().anyMatch(e -> e.kind().equals("deposed")), old.events().toString());
    }
}
