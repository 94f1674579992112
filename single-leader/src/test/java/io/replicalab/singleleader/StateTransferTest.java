package io.replicalab.singleleader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.BlockingKvClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Full state transfer: a replica that cannot follow by log shipping (its log diverged, or it needs WAL
 * records the primary deleted) gets the primary's state and position, then log shipping resumes.
 */
class StateTransferTest extends ZooKeeperClusterTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Override
    Map<String, Object> defaults() {
        return Map.of("session-timeout-ms", 1500, "settle-ms", 100, "mode", "async", "promotion-policy", "any");
    }

    private void awaitSamePosition(SingleLeaderNode a, SingleLeaderNode b) {
        await().atMost(WAIT).until(() -> a.position().equals(b.position()));
    }

    private static boolean transferred(SingleLeaderNode n) {
        return n.events().stream().anyMatch(e -> e.kind().equals("state-transfer"));
    }

    @Test
    void aDeposedPrimaryWithUnreplicatedWritesComesBackDivergedAndConvergesToTheNewPrimary() {
        start(Map.of());
        BlockingKvClient c = cluster.client().blocking();
        c.put("k0", b("v0"));
        await().atMost(WAIT).until(() -> cluster.node("n2").position().index() == 1 && cluster.node("n3").position().index() == 1);
        // n1 acknowledges these (async) but ships them to nobody.
        cluster.block("n1", "n2");
        cluster.block("n1", "n3");
        for (int i = 0; i < 5; i++) {
            c.put("lost-" + i, b("old"));
        }
        cluster.stop("n1");
        SingleLeaderNode fresh = awaitPrimaryOtherThan("n1");
        for (int i = 0; i < 5; i++) {
            c.put("new-" + i, b("n" + i));
        }

        // n1 comes back holding 1.2..1.6, which the new primary's log has with other writes at those indexes.
        SingleLeaderNode back = cluster.start("n1");
        awaitSamePosition(back, fresh);
        assertTrue(back.events().stream().anyMatch(e -> e.kind().equals("state-transfer")
                && e.detail().endsWith("the local log that ended at 1.6 was dropped")), "n1 came back with its own log "
                + "(1.1-1.6) and replaced it: " + back.events());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(b("n" + i), back.localValue("new-" + i), "acknowledged by the new primary, so on n1 now");
            assertNull(back.localValue("lost-" + i), "n1's unreplicated writes are gone, acknowledged or not (seed 000)");
        }
        assertArrayEquals(b("v0"), back.localValue("k0"));
        // Log shipping goes on from the snapshot's position.
        c.put("after", b("x"));
        await().atMost(WAIT).until(() -> back.localValue("after") != null);
        assertTrue(back.applyLog().stream().anyMatch(e -> e.key().equals("after")));
    }

    @Test
    void aReplicaThatNeedsRecordsThePrimaryTruncatedGetsTheStateInstead() {
        start(Map.of("wal-retain-entries", 5));
        BlockingKvClient c = cluster.client().blocking();
        c.put("k0", b("v0"));
        await().atMost(WAIT).until(() -> cluster.node("n3").position().index() == 1);
        cluster.stop("n3");
        for (int i = 0; i < 20; i++) {
            c.put("k" + (i % 7), b("v" + i));
        }
        SingleLeaderNode primary = cluster.node("n1");
        assertEquals(5, primary.applyLog().size(), "the primary keeps its last 5 WAL records");

        SingleLeaderNode back = cluster.start("n3");
        awaitSamePosition(back, primary);
        assertTrue(transferred(back), back.events().toString());
        for (int k = 0; k < 7; k++) {
            assertArrayEquals(primary.localValue("k" + k), back.localValue("k" + k), "k" + k);
        }
        assertArrayEquals(b("v19"), back.localValue("k5"));
    }

    @Test
    void aStateLargerThanAFrameIsTransferredInParts() {
        start(Map.of("wal-retain-entries", 10));
        BlockingKvClient c = cluster.client().blocking();
        c.put("k0", b("v0"));
        await().atMost(WAIT).until(() -> cluster.node("n3").position().index() == 1);
        cluster.stop("n3");
        // 2.4 MB of state: three parts of at most a quarter of the 4 MiB frame.
        byte[] big = new byte[20_000];
        for (int i = 0; i < 120; i++) {
            big[0] = (byte) i;
            c.put("big-" + i, big);
        }
        SingleLeaderNode back = cluster.start("n3");
        awaitSamePosition(back, cluster.node("n1"));
        assertTrue(transferred(back), back.events().toString());
        for (int i = 0; i < 120; i++) {
            assertEquals((byte) i, back.localValue("big-" + i)[0], "big-" + i);
        }
    }
}
