package io.replicalab.experiments.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.CausalContext;
import io.replicalab.api.KvClient;
import io.replicalab.api.KvException;
import io.replicalab.api.Outcome;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.WriteOptions;
import io.replicalab.node.FreePorts;
import io.replicalab.singleleader.SingleLeaderBackend;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three single-leader nodes as separate JVMs and ZooKeeper as a fourth (the cluster's service, not a
 * node's): the must-shows of seeds 000 and 003 with real {@code kill -9} and {@code SIGSTOP}.
 */
class SingleLeaderProcessClusterTest extends ProcessClusterTestSupport {
    private static final Logger LOG = LoggerFactory.getLogger(SingleLeaderProcessClusterTest.class);
    private static final int SESSION_MS = 1500;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** ZooKeeper's name in a node's link-fault table, which the node's ZooKeeper proxy obeys. */
    private static final String ZOOKEEPER = "zookeeper";

    private ProcessCluster start(Map<String, Object> settings) {
        ObjectNode section = JsonNodeFactory.instance.objectNode().put("zookeeper-port", FreePorts.pick(1)[0])
                .put("session-timeout-ms", SESSION_MS).put("heartbeat-ms", 20).put("replica-timeout-ms", 500)
                .put("settle-ms", 100);
        ObjectMapper json = new ObjectMapper();
        settings.forEach((k, v) -> section.set(k, json.valueToTree(v)));
        ProcessCluster c = start(threeNodes(SingleLeaderBackend.NAME).withBackendSection(SingleLeaderBackend.NAME, section));
        awaitWritable();
        return c;
    }

    private String awaitPrimaryOtherThan(String old) {
        String[] found = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            found[0] = cluster.nodeIds().stream().filter(id -> !id.equals(old) && "primary".equals(role(id)))
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private String role(String id) {
        return cluster.status(id).map(s -> String.valueOf(s.details().get("role"))).orElse("down");
    }

    private String position(String id) {
        return cluster.status(id).map(s -> String.valueOf(s.details().get("position"))).orElse("down");
    }

    /** Waits until every node's log ends at the same position (a diverged one got a state transfer). */
    private void awaitConverged() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> cluster.nodeIds().stream()
                .map(this::position).distinct().count() == 1);
    }

    private long knownEpoch(String id) {
        return cluster.status(id).map(s -> ((Number) s.details().get("known-epoch")).longValue()).orElse(-1L);
    }

    /** A client that only knows node {@code id}, so it cannot be redirected away from it. */
    private KvClient pinnedTo(String id) {
        return client(cluster.spec().withNodes(List.of(cluster.spec().requireNode(id))));
    }

    private static long epochOf(CausalContext version) {
        return ByteBuffer.wrap(version.toBytes()).getLong();
    }

    private static CausalContext put(KvClient c, String key) {
        return c.put(key, b(key), CausalContext.EMPTY, WriteOptions.defaults().withTimeout(Duration.ofSeconds(3)))
                .toCompletableFuture().join();
    }

    /** Puts {@code count} keys {@code prefix-i} at once through {@code c}, without waiting for the answers. */
    private static List<CompletableFuture<CausalContext>> sendWithoutWaiting(KvClient c, String prefix, int count) {
        List<CompletableFuture<CausalContext>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(c.put(prefix + i, b(prefix + i), CausalContext.EMPTY,
                    WriteOptions.defaults().withTimeout(Duration.ofSeconds(5))).toCompletableFuture());
        }
        return out;
    }

    private static Optional<CausalContext> okOrEmpty(CompletableFuture<CausalContext> f) {
        try {
            return Optional.of(f.join());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A primary frozen past its session: who led before and after, and the writes sent to the frozen one. */
    private record PausedPrimary(String old, long oldEpoch, String fresh, long newEpoch, KvClient viaOld,
                                 List<CompletableFuture<CausalContext>> queued) {
    }

    /**
     * SIGSTOPs the primary until another node leads, has acknowledged {@code new-1} and every node but the
     * frozen one knows the new epoch; then sends five writes {@code old-i} to the frozen primary (they wait in
     * its socket), SIGCONTs it and waits for their outcomes.
     *
     * <p>The primary is cut from ZooKeeper just before the pause and healed once the five have their outcome.
     * Without the cut, the resumed primary learns that its session is gone as soon as its ZooKeeper client
     * reconnects, which that client does after a random 0-1 s sleep: a short sleep could depose it before it
     * takes the queued writes, and the test would pass or fail by luck. With the cut, Curator declares the
     * session lost only a session timeout after the resume (the five are processed in milliseconds).
     */
    private PausedPrimary pausePrimaryPastItsSession() {
        String old = awaitPrimaryOtherThan(null);
        KvClient viaOld = pinnedTo(old);
        long oldEpoch = epochOf(put(viaOld, "before"));
        cluster.faults(old).blockLink(old, ZOOKEEPER);
        PausedPrimary paused;
        cluster.pause(old);
        try {
            String fresh = awaitPrimaryOtherThan(old);
            long newEpoch = epochOf(put(pinnedTo(fresh), "new-1"));
            await().atMost(WAIT).until(() -> cluster.nodeIds().stream().filter(id -> !id.equals(old))
                    .allMatch(id -> knownEpoch(id) >= newEpoch));
            paused = new PausedPrimary(old, oldEpoch, fresh, newEpoch, viaOld, sendWithoutWaiting(viaOld, "old-", 5));
        } finally {
            cluster.resume(old);
        }
        paused.queued().forEach(SingleLeaderProcessClusterTest::okOrEmpty);
        cluster.faults(old).healLink(old, ZOOKEEPER);
        return paused;
    }

    @Test
    void killNineOfTheSyncPrimaryPromotesAReplicaAfterTheSessionTimeoutAndLosesNoAcknowledgedWrite() throws Exception {
        start(Map.of("mode", "sync", "promotion-policy", "most-up-to-date"));
        String primary = awaitPrimaryOtherThan(null);
        ProcessHandle zookeeper = cluster.serviceProcess().orElseThrow();
        assertTrue(cluster.nodeIds().stream().noneMatch(id -> cluster.pid(id) == zookeeper.pid()), "ZooKeeper is no node's process");

        KillBurst burst = burstKilling(primary, 2, 60, 30);
        String promoted = awaitPrimaryOtherThan(primary);
        assertTrue(zookeeper.isAlive(), "killing the primary left ZooKeeper running");
        long failoverMs = burst.failoverMillis();
        LOG.warn("single-leader failover after kill -9 of {}: {} ms to the first acknowledged write via {} "
                + "(ZooKeeper session timeout {} ms)", primary, failoverMs, promoted, SESSION_MS);
        // ZooKeeper expires a session a timeout after it last heard the client, which pings every third of it.
        assertTrue(failoverMs >= SESSION_MS * 2 / 3, "no promotion before ZooKeeper expired the session: " + failoverMs);

        cluster.restart(primary);
        assertEveryAcknowledgedWriteReadBack(client(), ReadOptions.defaults(), burst);
        // The old primary may hold writes nobody else has (written locally, never acknowledged): diverged or
        // not, it follows the new primary again.
        put(client(), "after-restart");
        awaitConverged();
    }

    @Test
    void withoutFencingAPrimaryResumedAfterSigstopAndItsSuccessorBothAcknowledgeWrites() {
        start(Map.of("mode", "async", "promotion-policy", "any", "fencing", false));
        PausedPrimary p = pausePrimaryPastItsSession();
        String old = p.old();
        List<CompletableFuture<CausalContext>> queued = p.queued();
        List<Long> oldAcks = queued.stream().map(SingleLeaderProcessClusterTest::okOrEmpty).flatMap(Optional::stream)
                .map(SingleLeaderProcessClusterTest::epochOf).toList();
        long stillNew = epochOf(put(pinnedTo(p.fresh()), "new-2"));

        assertTrue(p.newEpoch() > p.oldEpoch(), "the successor leads a newer epoch");
        assertFalse(oldAcks.isEmpty(), "the resumed old primary acknowledged writes before it noticed it lost its session");
        assertTrue(oldAcks.stream().allMatch(e -> e == p.oldEpoch()), "acknowledged in the old epoch: " + oldAcks);
        assertEquals(p.newEpoch(), stillNew, "the successor led throughout: acknowledged before and after the old primary did");
        // The old primary only stops when its own ZooKeeper client declares the session lost ...
        await().atMost(WAIT).until(() -> "replica".equals(role(old)));
        // ... then follows its successor, whose log never had the writes it acknowledged: they are lost.
        put(pinnedTo(p.fresh()), "new-3");
        awaitConverged();
        KvClient any = client();
        for (int i = 0; i < queued.size(); i++) {
            if (okOrEmpty(queued.get(i)).isPresent()) {
                assertFalse(any.get("old-" + i, ReadOptions.defaults()).toCompletableFuture().join().isPresent(),
                        "old-" + i + " was acknowledged by the deposed primary and is gone");
            }
        }
    }

    @Test
    void withFencingAPrimaryResumedAfterSigstopGetsNoWriteAcknowledgedOrIntoAnotherNode() throws Exception {
        start(Map.of("mode", "semi-sync", "promotion-policy", "any", "fencing", true));
        PausedPrimary p = pausePrimaryPastItsSession();
        String old = p.old();
        long newEpoch = p.newEpoch();
        List<CompletableFuture<CausalContext>> queued = p.queued();
        assertTrue(newEpoch > p.oldEpoch());
        for (CompletableFuture<CausalContext> f : queued) {
            assertTrue(okOrEmpty(f).isEmpty(), "the old primary acknowledged a write after the new epoch existed");
        }
        await().atMost(WAIT).until(() -> "replica".equals(role(old)) && knownEpoch(old) >= newEpoch);
        KvException refused = failure(() -> put(p.viaOld(), "old-after"));
        assertEquals(Outcome.FAIL, refused.outcome(), "refused, nothing applied: " + refused);
        assertEquals(p.fresh(), awaitPrimaryOtherThan(old), "the successor still leads");

        // Nothing the old primary took after the pause reached another node.
        NodeAdmins admins = new NodeAdmins(cluster.spec());
        for (String id : cluster.nodeIds()) {
            if (!id.equals(old)) {
                List<String> log = admins.applyLog(id);
                assertTrue(log.stream().noneMatch(e -> e.startsWith("old-")), id + " applied a fenced write: " + log);
                assertTrue(log.stream().anyMatch(e -> e.startsWith("new-1@" + newEpoch + ".")), id + " has the successor's write: " + log);
            }
        }
        // Once the old primary follows again (a state transfer replaces its diverged log), it holds none either.
        put(pinnedTo(p.fresh()), "new-2");
        awaitConverged();
        KvClient any = client();
        for (int i = 0; i < queued.size(); i++) {
            assertFalse(any.get("old-" + i, ReadOptions.defaults()).toCompletableFuture().join().isPresent());
            assertFalse(any.get("old-" + i, ReadOptions.stale(old)).toCompletableFuture().join().isPresent(), "on " + old);
        }
    }
}
