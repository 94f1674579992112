package io.replicalab.leaderless;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.CausalContext;
import io.replicalab.api.Consistency;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvException;
import io.replicalab.api.Outcome;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.node.applylog.ApplyLogEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real leaderless nodes in this JVM (N=3, default R=W=2), under the faults the seeds describe. */
class LeaderlessClusterTest extends ClusterTestSupport {
    private static final ReadOptions ALL = ReadOptions.of(Consistency.ALL);

    private LeaderlessTestCluster start(String conflicts) {
        return start(3, conflicts, Map.of());
    }

    @Test
    void putGetDeleteThroughAnyCoordinator() {
        start("version-vectors");
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        CausalContext ctx = c.put("k", b("v1"));
        assertFalse(ctx.isEmpty());
        for (String via : List.of("n1", "n2", "n3")) {
            assertEquals(Set.of("v1"), strings(cluster.clientVia(via).blocking().get("k")));
        }
        Versioned<byte[]> read = c.get("k");
        c.put("k", b("v2"), read.context(), WriteOptions.defaults());
        assertEquals(Set.of("v2"), strings(c.get("k", ALL)), "a put with the read's context supersedes it");
        c.delete("k", c.get("k").context(), WriteOptions.defaults());
        assertFalse(c.get("k", ALL).isPresent());
    }

    @Test
    void acknowledgedWritesSurviveTheLossOfOneReplica() {
        start("version-vectors");
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        for (int i = 0; i < 100; i++) {
            c.put("key-" + i, b("value-" + i));
        }
        cluster.stop("n3");
        BlockingKvClient reader = cluster.clientVia("n2").blocking();
        for (int i = 0; i < 100; i++) {
            assertEquals(Set.of("value-" + i), strings(reader.get("key-" + i)), "key-" + i + " at R=2 with n3 down");
        }
    }

    @Test
    void aReplicaRestartedFromItsDataDirStillHoldsItsWrites() {
        start("version-vectors");
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        c.put("durable", b("yes"), CausalContext.EMPTY, WriteOptions.of(Consistency.ALL));
        cluster.stop("n2");
        cluster.start("n2");
        assertEquals(Set.of("yes"), strings(cluster.clientVia("n1").blocking().get("durable", ReadOptions.stale("n2"))));
    }

    @Test
    void shoppingCartConcurrentAddsBecomeSiblingsAndAMergePutKeepsBoth() {
        start("version-vectors");
        BlockingKvClient alice = cluster.clientVia("n1").blocking();
        BlockingKvClient bob = cluster.clientVia("n2").blocking();
        // Both read the empty cart, then add an item without seeing each other's write.
        CausalContext seenByAlice = alice.get("cart").context();
        CausalContext seenByBob = bob.get("cart").context();
        alice.put("cart", b("milk"), seenByAlice, WriteOptions.defaults());
        bob.put("cart", b("bread"), seenByBob, WriteOptions.defaults());

        Versioned<byte[]> cart = alice.get("cart", ALL);
        assertEquals(Set.of("bread", "milk"), strings(cart), "both concurrent adds are kept as siblings");
        assertTrue(cart.hasSiblings());

        alice.put("cart", b("bread,milk"), cart.context(), WriteOptions.defaults());
        assertEquals(Set.of("bread,milk"), strings(bob.get("cart", ALL)), "the merge supersedes both siblings");
    }

    @Test
    void shoppingCartWithLastWriteWinsLosesOneAdd() {
        start("lww");
        BlockingKvClient alice = cluster.clientVia("n1").blocking();
        BlockingKvClient bob = cluster.clientVia("n2").blocking();
        alice.put("cart", b("milk"), alice.get("cart").context(), WriteOptions.defaults());
        bob.put("cart", b("bread"), bob.get("cart").context(), WriteOptions.defaults());
        Versioned<byte[]> cart = alice.get("cart", ALL);
        assertEquals(1, cart.values().size(), "LWW keeps exactly one of two acknowledged concurrent adds");
    }

    @Test
    void clockSkewUnderLwwSilentlyDiscardsTheNewerWrite() {
        start("lww");
        cluster.node("n2").faults().setClockOffset(Duration.ofSeconds(-10));
        cluster.clientVia("n1").blocking().put("x", b("older"));
        cluster.clientVia("n2").blocking().put("x", b("newer-but-behind"));
        assertEquals(Set.of("older"), strings(cluster.clientVia("n3").blocking().get("x", ALL)),
                "the write stamped by the clock 10 s behind loses although it came later");
    }

    /**
     * One clock, no skew: n1 coordinates a write right after n2's was acknowledged. n1's must win and
     * every later read see it, although a tie of millisecond stamps goes to the higher writer id (n2):
     * back-to-back writes here often share a millisecond.
     */
    @Test
    void underLwwAWriteThatStartsAfterAnAcknowledgedOneAlwaysWins() {
        start("lww");
        BlockingKvClient viaN2 = cluster.clientOf("n2").blocking();
        BlockingKvClient viaN1 = cluster.clientOf("n1").blocking();
        BlockingKvClient reader = cluster.clientOf("n3").blocking();
        for (int i = 0; i < 200; i++) {
            viaN2.put("seq", b("n2-" + i));
            viaN1.put("seq", b("n1-" + i));
            assertEquals(Set.of("n1-" + i), strings(reader.get("seq")), "round " + i + ": n1's write came last");
        }
    }

    @Test
    void quorumsBiggerThanNAndBadRequestsFailDefinitely() {
        start("version-vectors");
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        KvException tooMany = failure(() -> c.put("k", b("v"), CausalContext.EMPTY, WriteOptions.w(4)));
        assertInstanceOf(InvalidRequestException.class, tooMany);
        assertTrue(tooMany.getMessage().contains("W=4 exceeds the replication factor N=3"), tooMany.getMessage());
        assertEquals(Outcome.FAIL, failure(() -> c.get("k", ReadOptions.r(5))).outcome());
        assertInstanceOf(InvalidRequestException.class, failure(() -> c.put("", b("v"))));
        assertInstanceOf(InvalidRequestException.class, failure(() -> c.get("k", ReadOptions.linearizable())));
        byte[] huge = new byte[cluster.spec.rpc().maxValueBytes() + 1];
        assertInstanceOf(InvalidRequestException.class, failure(() -> c.put("k", huge)));
    }

    @Test
    void weakQuorumsReadStaleDataWhileOverlappingQuorumsDoNot() {
        start("version-vectors");
        // n1's messages to the other replicas arrive 1.5 s late (a lagging replication path), and so do
        // n2's to n1, so a read coordinated by n2 hears n2 and n3 first.
        Duration lag = Duration.ofMillis(1500);
        cluster.node("n1").faults().delayLink("n1", "n2", lag);
        cluster.node("n1").faults().delayLink("n1", "n3", lag);
        cluster.node("n2").faults().delayLink("n2", "n1", lag);
        WriteOptions patient = WriteOptions.w(2).withTimeout(Duration.ofSeconds(10));

        cluster.clientVia("n1").blocking().put("weak", b("new"), CausalContext.EMPTY, WriteOptions.w(1));
        Versioned<byte[]> stale = cluster.clientVia("n2").blocking().get("weak", ReadOptions.r(1));
        assertFalse(stale.isPresent(), "R=1 + W=1 <= N: the read after an acknowledged write misses it");

        cluster.clientVia("n1").blocking().put("strong", b("new"), CausalContext.EMPTY, patient);
        assertEquals(Set.of("new"), strings(cluster.clientVia("n2").blocking().get("strong",
                ReadOptions.r(2).withTimeout(Duration.ofSeconds(10)))), "R=2 + W=2 > N: the read overlaps the write quorum");
    }

    @Test
    void readRepairBringsAStaleReplicaUpToDate() {
        start("version-vectors");
        cluster.block("n1", "n3");
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        c.put("r", b("fresh"));
        BlockingKvClient stale = cluster.clientVia("n3").blocking();
        assertFalse(stale.get("r", ReadOptions.stale("n3")).isPresent(), "n3 missed the write");
        cluster.healAll();
        long before = cluster.node("n2").readRepairs();
        assertEquals(Set.of("fresh"), strings(cluster.clientVia("n2").blocking().get("r", ALL)));
        await().atMost(Duration.ofSeconds(10)).until(() -> stale.get("r", ReadOptions.stale("n3")).isPresent());
        assertTrue(cluster.node("n2").readRepairs() > before);
    }

    @Test
    void withW1AWipedAckingReplicaLosesTheAcknowledgedWrite() throws Exception {
        start("version-vectors");
        cluster.block("n1", "n2");
        cluster.block("n1", "n3");
        cluster.clientVia("n1").blocking().put("fragile", b("acked"), CausalContext.EMPTY, WriteOptions.w(1));
        cluster.wipe("n1");
        cluster.start("n1");
        Versioned<byte[]> after = cluster.clientVia("n2").blocking().get("fragile", ALL);
        assertFalse(after.isPresent(), "the only copy of an acknowledged W=1 write was on the wiped disk");
    }

    @Test
    void coordinatorDyingMidRequestIsUnknownAndTheClientMovesOn() {
        start("version-vectors");
        cluster.block("n1", "n2");
        cluster.block("n1", "n3");
        LeaderlessClient client = cluster.clientVia("n1");
        CompletableFuture<CausalContext> inFlight = client.put("k", b("v"), CausalContext.EMPTY,
                WriteOptions.of(Consistency.ALL).withTimeout(Duration.ofSeconds(20))).toCompletableFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.node("n1").applyLog().isEmpty());
        cluster.stop("n1");
        KvException lost = failure(inFlight::join);
        assertEquals(Outcome.INFO, lost.outcome(), "the write reached n1, so its fate is unknown: " + lost);

        // The next requests go round-robin to the live nodes, and n1 being down does not stop W=2.
        BlockingKvClient c = client.blocking();
        c.put("k2", b("v2"));
        c.put("k3", b("v3"));
        assertEquals(Set.of("v2"), strings(c.get("k2")));
    }

    @Test
    void everyReplicaLogsTheWritesItAppliedInOrder() {
        start("version-vectors");
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        for (int i = 0; i < 10; i++) {
            c.put("log-" + i, b("x"), CausalContext.EMPTY, WriteOptions.of(Consistency.ALL));
        }
        for (String id : List.of("n1", "n2", "n3")) {
            List<ApplyLogEntry> log = cluster.node(id).applyLog();
            assertEquals(10, log.size(), id + " applied every write once");
            for (int i = 1; i < log.size(); i++) {
                assertTrue(log.get(i).sequence() > log.get(i - 1).sequence());
            }
            // The same log over the admin endpoint, for experiments that run nodes as processes.
            var admin = new io.replicalab.node.admin.AdminClient("127.0.0.1",
                    cluster.node(id).runtime().adminAddress().getPort(), null);
            var json = admin.resource("apply-log?from=" + log.get(5).sequence());
            assertEquals(5, json.size(), id + ": entries from the sixth on");
            assertEquals(log.get(5).key(), json.get(0).get("key").asText());
        }
    }

    @Test
    void blockingReadRepairHasRepairedTheStaleReplicaWhenTheReadReturns() {
        start(3, "version-vectors", java.util.Map.of("read-repair", "blocking"));
        cluster.block("n1", "n3");
        cluster.clientVia("n1").blocking().put("b", b("fresh"));
        cluster.healAll();
        BlockingKvClient viaN2 = cluster.clientVia("n2").blocking();
        assertFalse(viaN2.get("b", ReadOptions.stale("n3")).isPresent(), "n3 missed the write");
        assertEquals(Set.of("fresh"), strings(viaN2.get("b", ALL)));
        assertTrue(viaN2.get("b", ReadOptions.stale("n3")).isPresent(), "repaired before the read returned");
    }
}
