package io.replicalab.raft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.CausalContext;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvException;
import io.replicalab.api.OperationTimeoutException;
import io.replicalab.api.Outcome;
import io.replicalab.api.Precondition;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three Ratis servers in this JVM (gRPC on loopback, logs on disk) under crashes, wipes and partitions. */
class RaftClusterTest {
    @TempDir
    Path dataDir;

    private RaftTestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private RaftTestCluster start(Map<String, Object> settings) {
        cluster = new RaftTestCluster(dataDir, 3, settings);
        // A first request must not race the first election: on a loaded machine that can take longer
        // than a request's deadline.
        cluster.awaitLeader();
        return cluster;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(Versioned<byte[]> v) {
        return new String(v.value(), StandardCharsets.UTF_8);
    }

    private static KvException failure(Runnable op) {
        RuntimeException e = assertThrows(RuntimeException.class, op::run);
        return assertInstanceOf(KvException.class, e instanceof CompletionException ? e.getCause() : e);
    }

    /** Every replica's apply log, as write ids, is a prefix of the longest one. */
    private void assertApplyLogsArePrefixesOfOneOrder() {
        List<List<String>> logs = cluster.running().stream()
                .map(n -> n.applyLog().stream().map(e -> e.key() + "@" + e.writeId()).toList()).toList();
        List<String> longest = logs.stream().max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
        for (List<String> log : logs) {
            assertEquals(longest.subList(0, log.size()), log, "apply logs diverge");
        }
    }

    @Test
    void putGetDeleteAndCompareAndSetRoundTrip() {
        start(Map.of());
        BlockingKvClient c = cluster.client().blocking();
        CausalContext v1 = c.put("k", b("v1"));
        assertEquals(8, v1.toBytes().length, "the context is the log index");
        Versioned<byte[]> read = c.get("k");
        assertEquals("v1", s(read));
        assertEquals(v1, read.context());
        assertEquals("v1", s(c.get("k", ReadOptions.linearizable())));

        assertTrue(c.compareAndSet("k", Precondition.versionEquals(v1), b("v2"), WriteOptions.defaults()));
        assertFalse(c.compareAndSet("k", Precondition.versionEquals(v1), b("v3"), WriteOptions.defaults()),
                "the version moved on");
        assertTrue(c.compareAndSet("k", Precondition.valueEquals(b("v2")), b("v4"), WriteOptions.defaults()));
        assertFalse(c.compareAndSet("k", Precondition.valueEquals(b("v2")), b("v5"), WriteOptions.defaults()));
        assertFalse(c.compareAndSet("k", Precondition.absent(), b("v6"), WriteOptions.defaults()));
        assertTrue(c.compareAndSet("fresh", Precondition.absent(), b("f"), WriteOptions.defaults()));
        assertEquals("v4", s(c.get("k")));

        c.delete("k");
        assertFalse(c.get("k").isPresent());
        assertTrue(c.compareAndSet("k", Precondition.absent(), b("again"), WriteOptions.defaults()));

        // Stale reads on each replica converge to the committed value.
        for (String id : cluster.spec.nodeIds()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> "again".equals(s(c.get("k", ReadOptions.stale(id)))));
        }
        KvException bad = failure(() -> c.get("k", ReadOptions.r(2)));
        assertInstanceOf(InvalidRequestException.class, bad);
        assertEquals(Outcome.FAIL, bad.outcome());
        assertInstanceOf(InvalidRequestException.class, failure(() -> c.put("k", b("x"), CausalContext.EMPTY, WriteOptions.w(1))));
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.running().stream()
                .allMatch(n -> n.applyLog().size() == 6));
        assertApplyLogsArePrefixesOfOneOrder();
        assertTrue(cluster.running().stream().anyMatch(n -> n.events().stream()
                .anyMatch(e -> e.kind() == RaftEvent.Kind.LEADER_CHANGED && e.leader() != null)), "leader changes are recorded");
    }

    /**
     * Both write paths of the client; the async one with the nodes' gRPC handlers on the event loop and with Ratis's
     * default follower append path (compose on).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"blocking, false, false", "async, true, true"})
    void concurrentWritesShareRaftEntriesYetEveryWriteOfAKeyHasItsOwnVersion(String clientWrites, boolean directExecutor,
                                                                           boolean appendEntriesCompose) {
        start(Map.of("client-writes", clientWrites, "grpc-direct-executor", directExecutor,
                "append-entries-compose", appendEntriesCompose));
        RaftKvClient c = cluster.client();
        c.blocking().put("warm", b("up"));
        RaftNode leader = cluster.awaitLeader();
        long before = leader.appliedIndex();
        int keys = 8;
        int perKey = 5;
        List<java.util.concurrent.CompletableFuture<CausalContext>> acks = new ArrayList<>();
        for (int round = 0; round < perKey; round++) {
            for (int k = 0; k < keys; k++) {
                acks.add(c.put("key" + k, b("v" + round), CausalContext.EMPTY, WriteOptions.defaults()).toCompletableFuture());
            }
        }
        List<Long> versions = acks.stream().map(f -> java.nio.ByteBuffer.wrap(f.join().toBytes()).getLong()).toList();
        assertTrue(leader.appliedIndex() - before < keys * perKey,
                "the " + keys * perKey + " writes took " + (leader.appliedIndex() - before) + " entries: none were batched");
        for (int k = 0; k < keys; k++) {
            List<Long> ofKey = new ArrayList<>();
            for (int round = 0; round < perKey; round++) {
                ofKey.add(versions.get(round * keys + k));
            }
            assertEquals(ofKey.stream().sorted().distinct().toList(), ofKey,
                    "writes of key" + k + " got increasing, distinct versions in submission order");
            assertEquals("v" + (perKey - 1), s(c.blocking().get("key" + k)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.running().stream()
                .allMatch(n -> n.appliedIndex() == leader.appliedIndex()));
        for (RaftNode n : cluster.running()) {
            for (int k = 0; k < keys; k++) {
                assertEquals("v" + (perKey - 1), new String(n.localValue("key" + k), StandardCharsets.UTF_8));
            }
        }
        assertApplyLogsArePrefixesOfOneOrder();
    }

    /** With read batching on, concurrent gets leave as multi-gets; each must still get its own key's value and version. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void concurrentLinearizableGetsEachGetTheirOwnKeysValueVersionAndServer(boolean readBatching) {
        start(Map.of("read-batching", readBatching));
        RaftKvClient c = cluster.client();
        int keys = 6;
        List<CausalContext> written = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            written.add(c.blocking().put("key" + k, b("v" + k)));
        }
        String leader = cluster.awaitLeader().nodeId();
        List<java.util.concurrent.CompletableFuture<Versioned<byte[]>>> gets = new ArrayList<>();
        for (int i = 0; i < 5 * (keys + 1); i++) {
            int k = i % (keys + 1); // key<keys> was never written
            gets.add(c.get("key" + k, ReadOptions.linearizable()).toCompletableFuture());
        }
        for (int i = 0; i < gets.size(); i++) {
            int k = i % (keys + 1);
            Versioned<byte[]> v = gets.get(i).join();
            assertEquals(java.util.Optional.of(leader), v.servedBy(), "a linearizable get is answered by the leader");
            if (k == keys) {
                assertFalse(v.isPresent(), "key" + k + " was never written");
                continue;
            }
            assertEquals("v" + k, s(v));
            assertArrayEquals(written.get(k).toBytes(), v.context().toBytes(), "the version of key" + k + "'s write");
        }
    }

    /**
     * Each get of a batch gets the outcome a lone get gets: a client cut from the only node it may use (one attempt)
     * sees its gets time out as unknown when their deadline comes first, and fail once the attempt fails.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void concurrentGetsOfACutClientEachTimeOutOrFailLikeALoneGet(boolean readBatching) {
        start(Map.of("read-batching", readBatching, "client-attempt-timeout-ms", 800));
        cluster.client().blocking().put("k", b("v"));
        String leader = cluster.awaitLeader().nodeId();
        RaftKvClient pinned = cluster.pinnedTo(leader);
        pinned.faults().partition(pinned.id(), leader);
        assertOutcomes(pinned, Duration.ofMillis(200), OperationTimeoutException.class, Outcome.INFO);
        assertOutcomes(pinned, Duration.ofSeconds(5), io.replicalab.api.UnavailableException.class, Outcome.FAIL);
        pinned.faults().healAllLinks();
        assertEquals("v", s(pinned.blocking().get("k")));
    }

    private static void assertOutcomes(RaftKvClient c, Duration deadline, Class<? extends KvException> type, Outcome outcome) {
        List<java.util.concurrent.CompletableFuture<Versioned<byte[]>>> gets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            gets.add(c.get(i % 2 == 0 ? "k" : "other", ReadOptions.linearizable().withTimeout(deadline)).toCompletableFuture());
        }
        for (java.util.concurrent.CompletableFuture<Versioned<byte[]>> g : gets) {
            KvException e = failure(g::join);
            assertInstanceOf(type, e, e.toString());
            assertEquals(outcome, e.outcome(), e.toString());
        }
    }

    @Test
    void leaderKilledNewLeaderTakesOverAndNoAcknowledgedWriteIsLost() {
        start(Map.of());
        BlockingKvClient c = cluster.client().blocking();
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            c.put("k" + i, b("v" + i));
            acked.add("k" + i);
        }
        RaftNode old = cluster.awaitLeader();
        long killedAt = System.nanoTime();
        cluster.stop(old.nodeId());
        // Keep writing through the failover: every acknowledged write must survive.
        int next = 20;
        while (acked.size() < 40) {
            String key = "k" + next++;
            try {
                c.put(key, b("after"));
                acked.add(key);
            } catch (RuntimeException e) {
                assertNotEquals(Outcome.OK, Outcome.ofFailure(e));
            }
            assertTrue(System.nanoTime() - killedAt < Duration.ofSeconds(20).toNanos(), "writes never resumed");
        }
        RaftNode leader = cluster.awaitLeader();
        assertNotEquals(old.nodeId(), leader.nodeId());
        for (String key : acked) {
            assertTrue(c.get(key).isPresent(), key + " was acknowledged, then lost");
        }
        assertApplyLogsArePrefixesOfOneOrder();
    }

    @Test
    void restartedFollowerCatchesUpFromItsDisk() {
        start(Map.of());
        BlockingKvClient c = cluster.client().blocking();
        c.put("before", b("1"));
        RaftNode leader = cluster.awaitLeader();
        String follower = cluster.spec.nodeIds().stream().filter(id -> !id.equals(leader.nodeId())).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.node(follower).localValue("before") != null);
        cluster.stop(follower);
        for (int i = 0; i < 10; i++) {
            c.put("while-down-" + i, b("x"));
        }
        RaftNode restarted = cluster.start(follower);
        assertArrayEquals(b("1"), restarted.localValue("before"), "recovered from its own log/snapshot");
        await().atMost(Duration.ofSeconds(5)).until(() -> restarted.localValue("while-down-9") != null);
        assertEquals("x", s(c.get("while-down-9", ReadOptions.stale(follower))));
    }

    @Test
    void wipedNodeCatchesUpThroughASnapshotInstall() throws Exception {
        start(Map.of("snapshot-threshold", 20, "log-purge-gap", 4, "segment-size-kb", 4));
        BlockingKvClient c = cluster.client().blocking();
        RaftNode leader = cluster.awaitLeader();
        String victim = cluster.spec.nodeIds().stream().filter(id -> !id.equals(leader.nodeId())).findFirst().orElseThrow();
        cluster.wipe(victim);
        byte[] value = new byte[512];
        for (int i = 0; i < 120; i++) {
            c.put("k" + i, value);
        }
        // The leader has snapshotted and purged its log: the wiped node can only catch up by a snapshot.
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.server().getDivision(RaftGroups.groupId(cluster.spec))
                .getRaftLog().getStartIndex() > 1);
        RaftNode fresh = cluster.start(victim);
        await().atMost(Duration.ofSeconds(15)).until(() -> fresh.localValue("k0") != null && fresh.localValue("k119") != null);
        assertTrue(fresh.applyLog().stream().noneMatch(e -> e.key().equals("k0")),
                "k0 arrived in the snapshot, not by replaying its log entry");
    }

    /**
     * A client pinned to {@code node} and cut off from every other node. Once a cut-off leader steps down it names the
     * other nodes, and Ratis would follow them (the majority side commits such a write, correctly): a client on the
     * minority side must not reach them.
     */
    private RaftKvClient clientOnlyOf(RaftNode node) {
        RaftKvClient client = cluster.pinnedTo(node.nodeId());
        for (String other : cluster.spec.nodeIds()) {
            if (!other.equals(node.nodeId())) {
                client.faults().partition(client.id(), other);
            }
        }
        return client;
    }

    @Test
    void minorityPartitionedOldLeaderCannotCommit() {
        start(Map.of());
        BlockingKvClient all = cluster.client().blocking();
        all.put("k", b("before"));
        RaftNode old = cluster.awaitLeader();
        BlockingKvClient pinned = clientOnlyOf(old).blocking();
        cluster.isolate(old.nodeId());
        WriteOptions quick = WriteOptions.defaults().withTimeout(Duration.ofMillis(1500));
        for (int i = 0; i < 3; i++) {
            String v = "minority-" + i;
            KvException e;
            try {
                CausalContext got = pinned.put("k", b(v), CausalContext.EMPTY, quick);
                throw new AssertionError("a minority leader acknowledged a write at version "
                        + java.nio.ByteBuffer.wrap(got.toBytes()).getLong());
            } catch (KvException x) {
                e = x;
            }
            assertTrue(e.outcome() == Outcome.INFO || e.outcome() == Outcome.FAIL, e.toString());
        }
        // The majority elected a new leader and goes on.
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.running().stream()
                .anyMatch(n -> n.isLeader() && !n.nodeId().equals(old.nodeId())));
        BlockingKvClient majority = cluster.clientOf(cluster.spec.nodeIds().stream()
                .filter(id -> !id.equals(old.nodeId())).toArray(String[]::new)).blocking();
        majority.put("k", b("majority"));
        assertEquals("majority", s(majority.get("k")));
        cluster.healAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> "majority".equals(new String(
                java.util.Objects.requireNonNullElse(old.localValue("k"), new byte[0]), StandardCharsets.UTF_8)));
        assertFalse(old.isLeader());
        // Whatever the minority leader had appended was truncated, never applied anywhere.
        for (RaftNode n : cluster.running()) {
            assertTrue(n.applyLog().stream().noneMatch(e -> e.key().equals("k") && n.localValue("k") != null
                    && new String(n.localValue("k"), StandardCharsets.UTF_8).startsWith("minority")));
        }
        assertApplyLogsArePrefixesOfOneOrder();
    }

    /**
     * The bad outcome of Ratis 3.3.0's ReadIndex ({@code linearizable-reads: read-index}), shown on purpose: once a
     * majority has confirmed a read at commit index c, {@code ReadIndexHeartbeats.addAppendEntriesListener} answers
     * every later read at an index &lt;= c at once, without asking the followers again. A leader cut off from its
     * followers cannot commit, so its commit index stays at c, and until it steps down (a max election timeout without
     * a majority) it answers "linearizable" reads from its old state while a new leader has already acknowledged newer
     * writes. The window is wide here on purpose (max election timeout 4 s); with the defaults it is up to 600 ms.
     */
    @Test
    void withReadIndexADeposedRatisLeaderStillServesLinearizableReadsFromItsOldStateUntilItStepsDown() {
        DeposedLeader deposed = deposeTheLeaderWhileItStillLeads(RaftOptions.READS_BY_READ_INDEX);
        Versioned<byte[]> stale = deposed.pinned.get("k", ReadOptions.linearizable().withTimeout(Duration.ofMillis(500)));
        assertEquals("before", s(stale), "the deposed leader read its old state although 'after' was acknowledged");
        assertEquals(java.util.Optional.of(deposed.old.nodeId()), stale.servedBy());
        deposed.healAndCheckTheNewValueIsRead();
    }

    /**
     * The default {@code linearizable-reads: log} closes that window: a get is a Raft entry, which a deposed leader
     * cannot commit, so its reads end without a value (unknown outcome) instead of returning its old state.
     */
    @Test
    void throughTheLogADeposedRatisLeaderCannotAnswerALinearizableRead() {
        DeposedLeader deposed = deposeTheLeaderWhileItStillLeads(RaftOptions.READS_THROUGH_LOG);
        for (int i = 0; i < 3; i++) {
            KvException e = failure(() -> deposed.pinned.get("k", ReadOptions.linearizable().withTimeout(Duration.ofMillis(300))));
            assertEquals(Outcome.INFO, e.outcome(), e.toString());
        }
        assertTrue(deposed.old.isLeader(), "the old leader stepped down during the reads: they did not test the window");
        deposed.healAndCheckTheNewValueIsRead();
    }

    /** A leader cut off from everyone while it still believes it leads, its client, and the majority's client. */
    private record DeposedLeader(RaftNode old, BlockingKvClient pinned, BlockingKvClient majority, RaftTestCluster cluster) {
        void healAndCheckTheNewValueIsRead() {
            cluster.healAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> !old.isLeader());
            assertEquals("after", s(majority.get("k")));
        }
    }

    /**
     * Writes "before", confirms a linearizable read of it on the leader, cuts the leader off, and writes "after" through
     * the new leader of the majority. The old leader still believes it leads (max election timeout 4 s).
     */
    private DeposedLeader deposeTheLeaderWhileItStillLeads(String linearizableReads) {
        start(Map.of("election-timeout-min-ms", 150, "election-timeout-max-ms", 4000, "linearizable-reads", linearizableReads));
        cluster.client().blocking().put("k", b("before"));
        RaftNode old = cluster.awaitLeader();
        BlockingKvClient pinned = clientOnlyOf(old).blocking();
        assertEquals("before", s(pinned.get("k")), "a read the followers confirmed, at the current commit index");

        cluster.isolate(old.nodeId());
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.running().stream()
                .anyMatch(n -> n.isLeader() && !n.nodeId().equals(old.nodeId())));
        BlockingKvClient majority = cluster.clientOf(cluster.spec.nodeIds().stream()
                .filter(id -> !id.equals(old.nodeId())).toArray(String[]::new)).blocking();
        majority.put("k", b("after"));
        assertTrue(old.isLeader(), "the old leader stepped down before the read: the window was missed");
        return new DeposedLeader(old, pinned, majority, cluster);
    }

    @Test
    void aClientCutFromTheLeaderNeverGetsAFalseOkAndWritesAgainOnceHealed() {
        start(Map.of());
        RaftKvClient cut = cluster.client();
        BlockingKvClient c = cut.blocking();
        c.put("k", b("before"));
        RaftNode leader = cluster.awaitLeader();
        String follower = cluster.spec.nodeIds().stream().filter(id -> !id.equals(leader.nodeId())).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.node(follower).localValue("k") != null);
        cut.faults().partition(cut.id(), leader.nodeId());

        WriteOptions quick = WriteOptions.defaults().withTimeout(Duration.ofMillis(1500));
        KvException write = failure(() -> c.put("k", b("while-cut"), CausalContext.EMPTY, quick));
        assertEquals(Outcome.INFO, write.outcome(), write.toString());
        // A linearizable read may still succeed (with read-index, through a follower that asks the leader for the read
        // index over a server link, which is not cut); the write that never reached the leader is not in it.
        try {
            assertEquals("before", s(c.get("k", ReadOptions.linearizable().withTimeout(Duration.ofMillis(1500)))));
        } catch (KvException e) {
            assertNotEquals(Outcome.OK, e.outcome());
        }
        // The followers are still reachable: a stale read there works.
        assertEquals("before", s(c.get("k", ReadOptions.stale(follower))));
        // The rest of the cluster is unaffected.
        cluster.client().blocking().put("k", b("others"));

        cut.faults().healAllLinks();
        c.put("k", b("after"));
        assertEquals("after", s(c.get("k")));
        assertApplyLogsArePrefixesOfOneOrder();
    }

    @Test
    void aDelayedFollowerLagsWhileTheOtherMajorityCommitsThenCatchesUp() {
        // Election timeouts well above the 1 s delay: a follower whose heartbeats arrive late must lag,
        // not start elections (on a loaded machine that made it, or another node, the leader mid-test).
        start(Map.of("election-timeout-min-ms", 3000, "election-timeout-max-ms", 4000));
        BlockingKvClient c = cluster.client().blocking();
        c.put("k0", b("v"));
        RaftNode leader = cluster.awaitLeader();
        List<String> followers = cluster.spec.nodeIds().stream().filter(id -> !id.equals(leader.nodeId())).toList();
        RaftNode slow = cluster.node(followers.get(0));
        RaftNode fast = cluster.node(followers.get(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.localValue("k0") != null);
        slow.faults().delayLink(leader.nodeId(), slow.nodeId(), Duration.ofMillis(1000));

        for (int i = 1; i <= 20; i++) {
            c.put("k" + i, b("v")); // acknowledged by the leader and the fast follower
        }
        assertTrue(slow.appliedIndex() < leader.appliedIndex(), "the delayed follower lags: " + slow.appliedIndex()
                + " < " + leader.appliedIndex());
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.localValue("k20") != null);

        slow.faults().healAllLinks();
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.appliedIndex() == leader.appliedIndex());
        assertArrayEquals(b("v"), slow.localValue("k20"));
        assertApplyLogsArePrefixesOfOneOrder();
    }
}
