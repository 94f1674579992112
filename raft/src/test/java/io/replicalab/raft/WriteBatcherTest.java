package io.replicalab.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {
    /** Records every command sent and lets the test complete it. */
    private final List<byte[]> sent = new ArrayList<>();
    private final List<CompletableFuture<KvCodec.Reply[]>> calls = new ArrayList<>();

    private CompletableFuture<KvCodec.Reply[]> send(byte[] command) {
        CompletableFuture<KvCodec.Reply[]> call = new CompletableFuture<>();
        sent.add(command);
        calls.add(call);
        return call;
    }

    private static byte[] put(String key) {
        return KvCodec.put(key, key.getBytes(StandardCharsets.UTF_8));
    }

    /** The keys of the writes in a sent command, in order. */
    private static List<String> keys(byte[] command) {
        ByteBuffer b = ByteBuffer.wrap(command);
        if (!KvCodec.isBatch(b)) {
            return List.of(KvCodec.decode(b).key());
        }
        return KvCodec.decodeBatch(b).stream().map(c -> KvCodec.decode(c).key()).toList();
    }

    /** Completes call {@code i} with replies whose versions are 100 + the write's position. */
    private void reply(int i) {
        int n = keys(sent.get(i)).size();
        KvCodec.Reply[] replies = new KvCodec.Reply[n];
        for (int j = 0; j < n; j++) {
            replies[j] = new KvCodec.Reply(KvCodec.OK, 100 + j, null);
        }
        calls.get(i).complete(replies);
    }

    @Test
    void aWriteWithAFreeSlotLeavesAloneAndAtOnce() {
        WriteBatcher batcher = new WriteBatcher(this::send, 1, 128);
        CompletableFuture<KvCodec.Reply> r = batcher.submit("a", put("a"));
        assertEquals(1, sent.size());
        assertFalse(KvCodec.isBatch(ByteBuffer.wrap(sent.get(0))), "a lone write is not wrapped in a batch");
        reply(0);
        assertEquals(100, r.join().version());
    }

    @Test
    void writesIssuedWhileAnEntryIsOutstandingLeaveTogetherAndGetTheirOwnReplies() {
        WriteBatcher batcher = new WriteBatcher(this::send, 1, 128);
        batcher.submit("a", put("a"));
        CompletableFuture<KvCodec.Reply> b = batcher.submit("b", put("b"));
        CompletableFuture<KvCodec.Reply> c = batcher.submit("c", put("c"));
        assertEquals(1, sent.size(), "the slot is taken: b and c wait");
        reply(0);
        assertEquals(2, sent.size());
        assertEquals(List.of("b", "c"), keys(sent.get(1)));
        reply(1);
        assertEquals(100, b.join().version());
        assertEquals(101, c.join().version());
    }

    @Test
    void writesIssuedByTheContinuationsOfAnEntryLeaveTogetherAsTheNextEntry() {
        WriteBatcher batcher = new WriteBatcher(this::send, 1, 128);
        // A closed loop: each acknowledged write issues the next one from its continuation.
        batcher.submit("a", put("a")).thenRun(() -> batcher.submit("c", put("c")));
        batcher.submit("b", put("b")).thenRun(() -> batcher.submit("d", put("d")));
        batcher.submit("x", put("x")).thenRun(() -> batcher.submit("e", put("e")));
        reply(0);
        assertEquals(List.of("b", "x", "c"), keys(sent.get(1)), "a's next write joins the writes that waited");
        reply(1);
        assertEquals(3, sent.size(), "the next writes wait for the slot");
        assertEquals(List.of("d", "e"), keys(sent.get(2)), "both continuations' writes leave as one entry, not one alone first");
    }

    @Test
    void aBatchNeverHoldsTwoWritesOfOneKeyNorMoreThanTheLimit() {
        WriteBatcher batcher = new WriteBatcher(this::send, 1, 2);
        batcher.submit("x", put("x"));
        batcher.submit("a", put("a"));
        batcher.submit("a", put("a"));
        batcher.submit("b", put("b"));
        batcher.submit("c", put("c"));
        reply(0);
        assertEquals(List.of("a", "b"), keys(sent.get(1)), "the second write of a waits; at most 2 per batch");
        reply(1);
        assertEquals(List.of("a", "c"), keys(sent.get(2)));
    }

    @Test
    void aFailedEntryFailsEveryWriteInItAndTheNextEntryStillLeaves() {
        WriteBatcher batcher = new WriteBatcher(this::send, 1, 128);
        batcher.submit("x", put("x"));
        CompletableFuture<KvCodec.Reply> a = batcher.submit("a", put("a"));
        CompletableFuture<KvCodec.Reply> b = batcher.submit("b", put("b"));
        reply(0);
        CompletableFuture<KvCodec.Reply> c = batcher.submit("c", put("c"));
        IllegalStateException boom = new IllegalStateException("no leader");
        calls.get(1).completeExceptionally(boom);
        assertSame(boom, assertCause(a));
        assertSame(boom, assertCause(b));
        assertEquals(List.of("c"), keys(sent.get(2)), "the slot is free again");
        reply(2);
        assertEquals(100, c.join().version());
    }

    @Test
    void aWriteThatTimedOutWhileQueuedIsNeverSent() {
        WriteBatcher batcher = new WriteBatcher(this::send, 1, 128);
        batcher.submit("x", put("x"));
        CompletableFuture<KvCodec.Reply> late = batcher.submit("late", put("late"));
        late.completeExceptionally(new TimeoutException());
        batcher.submit("b", put("b"));
        reply(0);
        assertEquals(List.of("b"), keys(sent.get(1)));
    }

    @Test
    void anEntryWhoseWritesAllTimedOutFreesItsSlotWhileRatisStillRetriesIt() {
        WriteBatcher batcher = new WriteBatcher(this::send, 1, 128);
        CompletableFuture<KvCodec.Reply> stuck = batcher.submit("a", put("a"));
        batcher.submit("b", put("b"));
        assertEquals(1, sent.size());
        stuck.completeExceptionally(new TimeoutException()); // what the client's deadline does
        assertEquals(List.of("b"), keys(sent.get(1)), "b leaves although the first entry has no reply yet");
        assertFalse(calls.get(0).isDone());
    }

    @Test
    void moreSlotsMeanMoreEntriesInFlightButAKeyIsInOneAtATime() {
        WriteBatcher batcher = new WriteBatcher(this::send, 2, 128);
        batcher.submit("a", put("a"));
        batcher.submit("a", put("a"));
        assertEquals(1, sent.size(), "the second write of a waits for the first although a slot is free");
        batcher.submit("b", put("b"));
        assertEquals(2, sent.size());
        batcher.submit("c", put("c"));
        reply(1);
        assertEquals(List.of("c"), keys(sent.get(2)), "b's slot is free, but the first a is still outstanding");
        reply(0);
        assertEquals(List.of("a"), keys(sent.get(3)));
    }

    private static Throwable assertCause(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally());
        try {
            f.join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
