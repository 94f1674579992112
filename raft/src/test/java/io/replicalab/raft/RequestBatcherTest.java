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

class RequestBatcherTest {
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
        RequestBatcher batcher = RequestBatcher.forWrites(this::send, 1, 128);
        CompletableFuture<KvCodec.Reply> r = batcher.submit("a", put("a"));
        assertEquals(1, sent.size());
        assertFalse(KvCodec.isBatch(ByteBuffer.wrap(sent.get(0))), "a lone write is not wrapped in a batch");
        reply(0);
        assertEquals(100, r.join().version());
    }

    @Test
    void writesIssuedWhileAnEntryIsOutstandingLeaveTogetherAndGetTheirOwnReplies() {
        RequestBatcher batcher = RequestBatcher.forWrites(this::send, 1, 128);
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
        RequestBatcher batcher = RequestBatcher.forWrites(this::send, 1, 128);
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
        RequestBatcher batcher = RequestBatcher.forWrites(this::send, 1, 2);
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
        RequestBatcher batcher = RequestBatcher.forWrites(this::send, 1, 128);
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
        RequestBatcher batcher = RequestBatcher.forWrites(this::send, 1, 128);
        batcher.submit("x", put("x"));
        CompletableFuture<KvCodec.Reply> late = batcher.submit("late", put("late"));
        late.completeExceptionally(new TimeoutException());
        batcher.submit("b", put("b"));
        reply(0);
        assertEquals(List.of("b"), keys(sent.get(1)));
    }

    @Test
    void anEntryWhoseWritesAllTimedOutFreesItsSlotWhileRatisStillRetriesIt() {
        RequestBatcher batcher = RequestBatcher.forWrites(this::send, 1, 128);
        CompletableFuture<KvCodec.Reply> stuck = batcher.submit("a", put("a"));
        batcher.submit("b", put("b"));
        assertEquals(1, sent.size());
        stuck.completeExceptionally(new TimeoutException()); // what the client's deadline does
        assertEquals(List.of("b"), keys(sent.get(1)), "b leaves although the first entry has no reply yet");
        assertFalse(calls.get(0).isDone());
    }

    @Test
    void moreSlotsMeanMoreEntriesInFlightButAKeyIsInOneAtATime() {
        RequestBatcher batcher = RequestBatcher.forWrites(this::send, 2, 128);
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

    private static byte[] get(String key) {
        return KvCodec.get(key);
    }

    /** Answers multi-get call {@code i} with each get's key as its value, as the state machine's query would. */
    private void answer(int i) {
        ByteBuffer b = ByteBuffer.wrap(sent.get(i));
        List<byte[]> replies = new ArrayList<>();
        List<ByteBuffer> gets = KvCodec.isBatch(b) ? KvCodec.decodeBatch(b) : List.of(b);
        for (ByteBuffer g : gets) {
            KvCodec.Command c = KvCodec.decode(g);
            assertEquals(KvCodec.GET, c.op());
            replies.add(KvCodec.reply(KvCodec.OK, 7, c.key().getBytes(StandardCharsets.UTF_8)));
        }
        byte[] reply = KvCodec.isBatch(ByteBuffer.wrap(sent.get(i))) ? KvCodec.batchReply(replies) : replies.get(0);
        calls.get(i).complete(RequestBatcher.replies(sent.get(i), ByteBuffer.wrap(reply)));
    }

    private static String value(CompletableFuture<KvCodec.Reply> r) {
        return new String(r.join().value(), StandardCharsets.UTF_8);
    }

    @Test
    void aGetWithAFreeSlotLeavesAloneAsAPlainGet() {
        RequestBatcher reads = RequestBatcher.forReads(this::send, 1, 128);
        CompletableFuture<KvCodec.Reply> r = reads.submit("a", get("a"));
        assertEquals(1, sent.size());
        assertFalse(KvCodec.isBatch(ByteBuffer.wrap(sent.get(0))), "one get in flight is not wrapped in a multi-get");
        answer(0);
        assertEquals("a", value(r));
    }

    @Test
    void getsIssuedWhileAReadIsOutstandingLeaveAsOneMultiGetIncludingGetsOfTheSameKey() {
        RequestBatcher reads = RequestBatcher.forReads(this::send, 1, 128);
        reads.submit("x", get("x"));
        CompletableFuture<KvCodec.Reply> a1 = reads.submit("a", get("a"));
        CompletableFuture<KvCodec.Reply> b = reads.submit("b", get("b"));
        CompletableFuture<KvCodec.Reply> a2 = reads.submit("a", get("a"));
        assertEquals(1, sent.size(), "the slot is taken: the other gets wait");
        answer(0);
        assertEquals(2, sent.size());
        assertEquals(List.of("a", "b", "a"), keys(sent.get(1)), "gets of one key share a multi-get (reads need no key rule)");
        answer(1);
        assertEquals("a", value(a1));
        assertEquals("b", value(b));
        assertEquals("a", value(a2));
    }

    @Test
    void getsIssuedByTheContinuationsOfAMultiGetLeaveTogetherAsTheNext() {
        RequestBatcher reads = RequestBatcher.forReads(this::send, 1, 128);
        // A closed loop: each answered get issues the next one from its continuation.
        reads.submit("a", get("a")).thenRun(() -> reads.submit("c", get("c")));
        reads.submit("b", get("b")).thenRun(() -> reads.submit("d", get("d")));
        reads.submit("e", get("e")).thenRun(() -> reads.submit("a", get("a")));
        answer(0);
        assertEquals(List.of("b", "e", "c"), keys(sent.get(1)));
        answer(1);
        assertEquals(3, sent.size());
        assertEquals(List.of("d", "a"), keys(sent.get(2)), "both continuations' gets leave as one request");
    }

    @Test
    void aFailedMultiGetFailsEachOfItsGetsWithTheSameErrorAndTheNextStillLeaves() {
        RequestBatcher reads = RequestBatcher.forReads(this::send, 1, 2);
        reads.submit("x", get("x"));
        CompletableFuture<KvCodec.Reply> a = reads.submit("a", get("a"));
        CompletableFuture<KvCodec.Reply> b = reads.submit("b", get("b"));
        CompletableFuture<KvCodec.Reply> c = reads.submit("c", get("c"));
        answer(0);
        assertEquals(List.of("a", "b"), keys(sent.get(1)), "at most 2 gets per request");
        IllegalStateException boom = new IllegalStateException("Leader is unknown");
        calls.get(1).completeExceptionally(boom);
        assertSame(boom, assertCause(a));
        assertSame(boom, assertCause(b));
        assertEquals(List.of("c"), keys(sent.get(2)));
        answer(2);
        assertEquals("c", value(c));
    }

    @Test
    void aMultiGetWhoseGetsAllTimedOutFreesItsSlotAndAGetTimedOutWhileQueuedIsNeverSent() {
        RequestBatcher reads = RequestBatcher.forReads(this::send, 1, 128);
        CompletableFuture<KvCodec.Reply> stuck = reads.submit("a", get("a"));
        CompletableFuture<KvCodec.Reply> late = reads.submit("late", get("late"));
        reads.submit("b", get("b"));
        late.completeExceptionally(new TimeoutException()); // what the client's deadline does
        stuck.completeExceptionally(new TimeoutException());
        assertEquals(List.of("b"), keys(sent.get(1)), "b leaves although the first read has no reply yet; late is dropped");
        assertFalse(calls.get(0).isDone());
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
