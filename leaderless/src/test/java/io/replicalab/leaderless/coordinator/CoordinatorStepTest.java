package io.replicalab.leaderless.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.OperationTimeoutException;
import io.replicalab.api.UnavailableException;
import io.replicalab.leaderless.conflict.LwwModel;
import io.replicalab.leaderless.ring.HashRing;
import io.replicalab.leaderless.version.LwwValue;
import io.replicalab.leaderless.wire.LeaderlessMessages.CoordinatePut;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The coordinator driven one message at a time: a scripted transport holds every call it is asked to
 * make, and the test decides which replica answers, when and how. No sockets, threads or timers, so
 * each interleaving of the Dynamo rules is replayed exactly (the etcd-raft style of protocol test).
 */
class CoordinatorStepTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String KEY = "cart";

    private final HashRing ring = new HashRing(List.of("n1", "n2", "n3", "n4"), 16);
    private final ScriptedTransport net = new ScriptedTransport();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final LwwModel model = new LwwModel();

    /** Coordinates from a client library (no local store), so every copy of a write is a message. */
    private Coordinator<LwwValue> coordinator(Liveness liveness, Coordinator.ReadRepair repair, HintPolicy hints) {
        return new Coordinator<>("client", "client", 3, ring, null, model, net, repair, clock::get, liveness, hints);
    }

    private Coordinator<LwwValue> coordinator() {
        return coordinator(Liveness.ALL_ALIVE, Coordinator.ReadRepair.BACKGROUND, HintPolicy.OFF);
    }

    private List<String> replicas() {
        return ring.preferenceList(KEY.getBytes(StandardCharsets.UTF_8), 3);
    }

    @Test
    void writeIsAcknowledgedOnTheWthDurableAckAndNotBefore() {
        CompletableFuture<byte[]> put = coordinator().put(new CoordinatePut(KEY, bytes("milk"), new byte[0], 2, 1000));
        assertEquals(3, net.calls.size(), "a write goes to all N replicas, whatever W is");
        net.next().ack();
        assertFalse(put.isDone(), "one ack of W=2");
        net.next().ack();
        assertTrue(put.isDone() && !put.isCompletedExceptionally(), "the second ack reaches W=2");
        net.next().fail(new OperationTimeoutException("late"));
        assertFalse(put.isCompletedExceptionally(), "a reply after the decision does not change it");
    }

    @Test
    void oneAckAndTwoSilencesAtW2IsUnknownNeverFailed() {
        CompletableFuture<byte[]> put = coordinator().put(new CoordinatePut(KEY, bytes("milk"), new byte[0], 2, 1000));
        net.next().ack();
        net.next().fail(new OperationTimeoutException("no answer"));
        net.next().fail(new OperationTimeoutException("no answer"));
        Throwable e = failure(put);
        assertInstanceOf(QuorumNotReachedException.class, e, "the acking replica has the write: outcome unknown");
    }

    @Test
    void onlyWhenEveryReplicaRefusedIsTheWriteDefinitelyNotApplied() {
        CompletableFuture<byte[]> put = coordinator().put(new CoordinatePut(KEY, bytes("milk"), new byte[0], 1, 1000));
        net.next().fail(new UnavailableException("hint limit"));
        net.next().fail(new UnavailableException("hint limit"));
        assertFalse(put.isDone(), "the third replica may still ack W=1");
        net.next().fail(new UnavailableException("hint limit"));
        assertInstanceOf(UnavailableException.class, failure(put));
    }

    @Test
    void aQuorumThatBecameImpossibleWhileAReplicaMayStillApplyIsUnknown() {
        CompletableFuture<byte[]> put = coordinator().put(new CoordinatePut(KEY, bytes("milk"), new byte[0], 2, 1000));
        net.next().fail(new UnavailableException("hint limit"));
        net.next().fail(new UnavailableException("hint limit"));
        assertInstanceOf(QuorumNotReachedException.class, failure(put),
                "W=2 can no longer be met, but the third replica has the write: a fail here could be a lie");
    }

    @Test
    void readReturnsTheNewestOfRAnswersThenRepairsTheStaleReplicaInTheBackground() {
        LwwValue old = new LwwValue(bytes("old"), 1, "n1");
        LwwValue fresh = new LwwValue(bytes("new"), 2, "n2");
        CompletableFuture<LwwValue> get = coordinator().get(KEY, 2, TIMEOUT);
        ScriptedTransport.Call a = net.next();
        ScriptedTransport.Call b = net.next();
        ScriptedTransport.Call c = net.next();
        a.answer(old);
        assertFalse(get.isDone());
        b.answer(fresh);
        assertArrayEquals(bytes("new"), get.join().value(), "R=2 answers merged: the newer timestamp wins");
        assertTrue(net.calls.isEmpty(), "no repair until every replica answered or gave up");
        c.answer(fresh);
        ScriptedTransport.Call repair = net.next();
        assertEquals("apply", repair.kind);
        assertEquals(a.node, repair.node, "only the replica that answered the old value is repaired");
        assertEquals(fresh, repair.state);
        assertTrue(net.calls.isEmpty());
    }

    @Test
    void aDownReplicasCopyGoesToTheNextLiveNodeOnTheRingWithAHint() {
        String down = replicas().get(1);
        Liveness liveness = downFor(down, Duration.ofSeconds(5));
        Coordinator<LwwValue> c = coordinator(liveness, Coordinator.ReadRepair.OFF,
                new HintPolicy(true, Duration.ofMinutes(10)));
        CompletableFuture<byte[]> put = c.put(new CoordinatePut(KEY, bytes("milk"), new byte[0], 3, 1000));
        List<ScriptedTransport.Call> sent = List.copyOf(net.calls);
        assertEquals(3, sent.size(), "W=3 is still met by two replicas plus a stand-in (sloppy quorum)");
        ScriptedTransport.Call hinted = sent.stream().filter(x -> x.kind.equals("hint")).findFirst().orElseThrow();
        assertEquals(down, hinted.owner);
        assertFalse(replicas().contains(hinted.node), "the stand-in is the node after the preference list");
        assertEquals(Set.of(replicas().get(0), replicas().get(2)),
                Set.copyOf(sent.stream().filter(x -> x.kind.equals("apply")).map(x -> x.node).toList()));
        while (!net.calls.isEmpty()) {
            net.next().ack();
        }
        assertFalse(put.isCompletedExceptionally());
    }

    @Test
    void beyondTheHintWindowADownReplicaGetsNoStandInAndTheWriteIsRefusedUpFront() {
        String down = replicas().get(0);
        Liveness liveness = downFor(down, Duration.ofHours(1));
        Coordinator<LwwValue> c = coordinator(liveness, Coordinator.ReadRepair.OFF,
                new HintPolicy(true, Duration.ofMinutes(10)));
        assertThrows(UnavailableException.class,
                () -> c.put(new CoordinatePut(KEY, bytes("milk"), new byte[0], 3, 1000)));
        assertTrue(net.calls.isEmpty(), "nothing was sent");
    }

    /** Every node alive but {@code down}, which has been down for {@code d}. */
    private static Liveness downFor(String down, Duration d) {
        return new Liveness() {
            @Override
            public boolean isAlive(String node) {
                return !node.equals(down);
            }

            @Override
            public long downForMillis(String node) {
                return node.equals(down) ? d.toMillis() : 0;
            }
        };
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), "expected the request to be decided as failed");
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return e.getCause();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Holds each call until the test completes it. */
    static final class ScriptedTransport implements ReplicaTransport<LwwValue> {
        final Deque<Call> calls = new ArrayDeque<>();

        static final class Call {
            final String kind;
            final String node;
            final String owner;
            final LwwValue state;
            final CompletableFuture<Object> reply = new CompletableFuture<>();

            Call(String kind, String node, String owner, LwwValue state) {
                this.kind = kind;
                this.node = node;
                this.owner = owner;
                this.state = state;
            }

            void ack() {
                reply.complete(null);
            }

            void answer(LwwValue value) {
                reply.complete(value);
            }

            void fail(Throwable e) {
                reply.completeExceptionally(e);
            }
        }

        Call next() {
            Call c = calls.poll();
            assertFalse(c == null, "expected one more message from the coordinator");
            return c;
        }

        private Call record(String kind, String node, String owner, LwwValue state) {
            Call c = new Call(kind, node, owner, state);
            calls.add(c);
            return c;
        }

        @Override
        public CompletableFuture<LwwValue> read(String node, String key, Duration timeout) {
            return record("read", node, null, null).reply.thenApply(o -> (LwwValue) o);
        }

        @Override
        public CompletableFuture<Void> apply(String node, String key, LwwValue state, Duration timeout) {
            return record("apply", node, null, state).reply.thenApply(o -> null);
        }

        @Override
        public CompletableFuture<Void> applyHint(String node, String owner, String key, LwwValue state, Duration timeout) {
            return record("hint", node, owner, state).reply.thenApply(o -> null);
        }

        @Override
        public CompletableFuture<byte[]> forwardPut(String node, CoordinatePut put, Duration timeout) {
            assertNull(put, "LWW writes are never forwarded");
            return new CompletableFuture<>();
        }
    }
}
