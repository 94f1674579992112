package io.replicalab.leaderless;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.CausalContext;
import io.replicalab.api.Consistency;
import io.replicalab.api.KvException;
import io.replicalab.api.Outcome;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.UnavailableException;
import io.replicalab.api.WriteOptions;
import io.replicalab.leaderless.replica.HintStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sloppy quorum and hinted handoff (Dynamo §4.6) on four real nodes with N=3. */
class HintedHandoffTest extends ClusterTestSupport {
    private static final Duration DETECTION = Duration.ofSeconds(10);

    /** A key whose preference list has {@code owner} last, so the others can coordinate it. */
    private String keyReplicatedLastOn(String owner) {
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            List<String> pref = cluster.ring().preferenceList(b(key), 3);
            if (pref.get(2).equals(owner)) {
                return key;
            }
        }
    }

    /** {@code count} keys whose preference list ends with {@code owner} and that share one stand-in for it. */
    private List<String> keysWithOneStandInFor(String owner, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String key = "k" + i;
            List<String> pref = cluster.ring().preferenceList(b(key), 3);
            if (pref.get(2).equals(owner) && standInFor(key).equals(standInFor(keys.isEmpty() ? key : keys.get(0)))) {
                keys.add(key);
            }
        }
        return keys;
    }

    private String standInFor(String key) {
        List<String> walk = cluster.ring().walk(b(key));
        return walk.get(3);
    }

    private void awaitSeenDown(String observer, String node) {
        await().atMost(DETECTION).until(() -> cluster.node(observer).sees(node, false));
    }

    @Test
    void aWriteForADownReplicaIsHeldByAStandInAndHandedBackWhenItReturns() {
        start(4, "version-vectors", java.util.Map.of());
        String key = keyReplicatedLastOn("n4");
        List<String> pref = cluster.ring().preferenceList(b(key), 3);
        String coordinator = pref.get(0);
        String standIn = standInFor(key);
        cluster.stop("n4");
        awaitSeenDown(coordinator, "n4");

        // W=ALL still succeeds: the stand-in's durable hint counts toward the sloppy quorum.
        cluster.clientVia(coordinator).blocking().put(key, b("held"), CausalContext.EMPTY, WriteOptions.of(Consistency.ALL));
        assertEquals(1, cluster.node(standIn).hints().hintsFor("n4", 10).size(), standIn + " holds a hint for n4");

        cluster.start("n4");
        await().atMost(DETECTION).until(() -> cluster.clientVia(coordinator).blocking()
                .get(key, ReadOptions.stale("n4")).isPresent());
        await().atMost(DETECTION).until(() -> cluster.node(standIn).hints().hintsFor("n4", 10).isEmpty());
        assertTrue(cluster.node(standIn).hints().replayed() >= 1);
    }

    @Test
    void aCorruptHintIsReportedAndSkippedWithoutLosingTheOthers() {
        start(4, "version-vectors", java.util.Map.of());
        List<String> keys = keysWithOneStandInFor("n4", 3);
        String standIn = standInFor(keys.get(0));
        String coordinator = cluster.ring().preferenceList(b(keys.get(0)), 3).get(0);
        cluster.stop("n4");
        awaitSeenDown(coordinator, "n4");
        for (String key : keys) {
            cluster.clientVia(coordinator).blocking().put(key, b("v-" + key), CausalContext.EMPTY,
                    WriteOptions.of(Consistency.ALL));
        }
        // Damage one stored hint on disk, then restart the holder: hints are read back from storage.
        cluster.node(standIn).runtime().storage().put(HintStore.hintKey("n4", keys.get(1)), new byte[] {(byte) 0xff, 1, 2})
                .toCompletableFuture().join();
        cluster.stop(standIn);
        cluster.start(standIn);

        cluster.start("n4");
        for (String key : List.of(keys.get(0), keys.get(2))) {
            await().atMost(DETECTION).until(() -> cluster.clientVia(coordinator).blocking()
                    .get(key, ReadOptions.stale("n4")).isPresent());
        }
        assertEquals(1, cluster.node(standIn).hints().corrupt(), "the damaged hint was reported and skipped");
        await().atMost(DETECTION).until(() -> cluster.node(standIn).hints().owners().isEmpty());
    }

    @Test
    void tooFewLiveReplicasFailsUpFrontAndWritesNothing() {
        start(3, "version-vectors", java.util.Map.of());
        cluster.stop("n2");
        cluster.stop("n3");
        awaitSeenDown("n1", "n2");
        awaitSeenDown("n1", "n3");
        long appliedBefore = cluster.node("n1").applyLog().size();
        RuntimeException e = assertThrows(RuntimeException.class, () -> cluster.clientVia("n1").blocking().put("k", b("v")));
        KvException kv = assertInstanceOf(UnavailableException.class, e);
        assertEquals(Outcome.FAIL, kv.outcome());
        assertTrue(kv.getMessage().contains("W=2 cannot be met"), kv.getMessage());
        assertEquals(appliedBefore, cluster.node("n1").applyLog().size(), "nothing was applied locally either");
    }

    @Test
    void aStandInRefusesHintsBeyondItsLimit() {
        start(4, "version-vectors", java.util.Map.of("max-hints-per-node", 1));
        List<String> keys = keysWithOneStandInFor("n4", 2);
        String standIn = standInFor(keys.get(0));
        String coordinator = cluster.ring().preferenceList(b(keys.get(0)), 3).get(0);
        cluster.stop("n4");
        awaitSeenDown(coordinator, "n4");
        var c = cluster.clientVia(coordinator).blocking();
        c.put(keys.get(0), b("first"), CausalContext.EMPTY, WriteOptions.of(Consistency.ALL));
        String secondCoordinator = cluster.ring().preferenceList(b(keys.get(1)), 3).get(0);
        awaitSeenDown(secondCoordinator, "n4");
        RuntimeException e = assertThrows(RuntimeException.class, () -> cluster.clientOf(secondCoordinator).blocking()
                .put(keys.get(1), b("second"), CausalContext.EMPTY, WriteOptions.of(Consistency.ALL)));
        KvException kv = assertInstanceOf(KvException.class, e);
        assertEquals(Outcome.INFO, kv.outcome(), "two replicas applied it, the stand-in refused: " + kv.getMessage());
        assertEquals(1, cluster.node(standIn).hints().count("n4"));
    }
}
