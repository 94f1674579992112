package io.replicalab.raft;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Coalesces the concurrent requests of one client: at most {@code maxInFlight} Ratis requests are
 * outstanding; requests submitted meanwhile wait and leave together, as one {@link KvCodec#BATCH}, when a
 * request completes. A request that finds a free slot leaves at once, alone (not wrapped in a batch), so
 * one request in flight pays no batching delay; under load one Ratis round carries many requests.
 *
 * <p><b>Writes</b> ({@link #forWrites}): a batch is one Raft entry (log append, fsync, AppendEntries, commit,
 * apply, reply). Each write is still acknowledged only after its entry committed on a majority and was applied.
 * A batch never holds two writes of the same key, and a write waits while an outstanding entry holds its
 * key: so every (key, version) pair names exactly one value even though a batch's writes share its log
 * index, and one client's writes of a key commit in the order they were issued.
 *
 * <p><b>Reads</b> ({@link #forReads}): a batch of gets is one read-only Ratis request (one ReadIndex round
 * through the leader) that the state machine answers for all its keys from one state. No key rule is needed:
 * a read changes nothing. Linearizable because every get in a batch was invoked before the batch was sent:
 * the leader takes the batch's read index after it received the batch, so after every get's invocation, and
 * answers (once its state has applied that index) before any of the gets' responses. The index covers every
 * write acknowledged before any of the gets began, and the state read was reached by the log at some
 * instant inside each get's own interval, so each get can take effect there.
 *
 * <p>A request whose result is already complete (its deadline passed: outcome reported as unknown) when its
 * turn comes is not sent at all, and a batch's slot is freed as soon as each of its requests has an
 * outcome, even if Ratis is still retrying the batch (e.g. while the client is cut from the leader).
 *
 * <p>{@code send} is called on the thread that submits or that completes the previous batch; it must
 * not block (in {@link RaftKvClient} it hands the call to a client thread). A continuation of a request's
 * result must not wait for another request of the same batcher: it may run while its batch still holds the slot.
 */
final class RequestBatcher {
    /** Bytes of commands in one batch; a single larger command goes alone. Well below Ratis's limits. */
    static final int MAX_BATCH_BYTES = 1 << 20;

    private record Pending(String key, byte[] command, CompletableFuture<KvCodec.Reply> result) {
    }

    private final Function<byte[], CompletableFuture<KvCodec.Reply[]>> send;
    private final int maxInFlight;
    private final int maxOps;
    /** Writes: one request per key in a batch and in flight (see the class comment). */
    private final boolean oneRequestPerKey;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Keys of the requests in outstanding batches (only tracked when {@link #oneRequestPerKey}). */
    private final Set<String> keysInFlight = new HashSet<>();
    private int inFlight;

    private RequestBatcher(Function<byte[], CompletableFuture<KvCodec.Reply[]>> send, int maxInFlight, int maxOps,
                           boolean oneRequestPerKey) {
        this.send = send;
        this.maxInFlight = maxInFlight;
        this.maxOps = maxOps;
        this.oneRequestPerKey = oneRequestPerKey;
    }

    /**
     * A batcher of write commands: a batch is one Raft entry and never holds, nor overlaps in flight, two writes of a key.
     *
     * @param send sends one command ({@link KvCodec#BATCH} or single) and completes with one reply per write in it
     * @param maxInFlight entries outstanding at once
     * @param maxOps writes in one entry at most
     */
    static RequestBatcher forWrites(Function<byte[], CompletableFuture<KvCodec.Reply[]>> send, int maxInFlight, int maxOps) {
        return new RequestBatcher(send, maxInFlight, maxOps, true);
    }

    /**
     * A batcher of {@link KvCodec#GET} queries: a batch is one multi-get read-only request; gets of one key may share it.
     *
     * @param send sends one query ({@link KvCodec#BATCH} of gets or a single get) and completes with one reply per get
     * @param maxInFlight read requests outstanding at once
     * @param maxOps gets in one request at most
     */
    static RequestBatcher forReads(Function<byte[], CompletableFuture<KvCodec.Reply[]>> send, int maxInFlight, int maxOps) {
        return new RequestBatcher(send, maxInFlight, maxOps, false);
    }

    /** Queues one command or query on {@code key}; completes with its reply, or the failure of its batch. */
    CompletableFuture<KvCodec.Reply> submit(String key, byte[] command) {
        Pending p = new Pending(key, command, new CompletableFuture<>());
        List<Pending> batch;
        synchronized (lock) {
            queue.add(p);
            batch = inFlight < maxInFlight ? takeBatch() : null;
        }
        sendBatch(batch);
        return p.result;
    }

    /** Takes the next batch from the queue (under the lock) and counts it in flight; null if nothing to send. */
    private List<Pending> takeBatch() {
        List<Pending> batch = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int bytes = 0;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < maxOps; ) {
            Pending p = it.next();
            if (p.result.isDone()) {
                it.remove(); // timed out while queued: reported as unknown, never sent
                continue;
            }
            boolean keyTaken = oneRequestPerKey && (keys.contains(p.key) || keysInFlight.contains(p.key));
            if (keyTaken || !batch.isEmpty() && bytes + p.command.length > MAX_BATCH_BYTES) {
                continue; // next batch
            }
            it.remove();
            if (oneRequestPerKey) {
                keys.add(p.key);
            }
            bytes += p.command.length;
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return null;
        }
        inFlight++;
        keysInFlight.addAll(keys);
        return batch;
    }

    private void sendBatch(List<Pending> batch) {
        if (batch == null) {
            return;
        }
        byte[] command = batch.size() == 1 ? batch.get(0).command
                : KvCodec.batch(batch.stream().map(Pending::command).toList());
        CompletableFuture<KvCodec.Reply[]> call;
        try {
            call = send.apply(command);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        // The slot is freed after the batch's requests complete, so the requests their continuations issue (a closed
        // loop's next requests, run inline on this thread) are queued by then and leave together as the next batch.
        // Freed first, the first of them found the slot empty and left alone, and the rest waited for it: batches
        // of 1 and n-1 requests alternated, two rounds per n requests. The slot is also freed as soon as every
        // request of the batch has its outcome while Ratis still retries the batch in the background (their deadlines
        // passed): later requests must not queue behind a batch nobody waits for any more.
        AtomicBoolean released = new AtomicBoolean();
        AtomicBoolean replied = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                List<Pending> next;
                synchronized (lock) {
                    inFlight--;
                    if (oneRequestPerKey) {
                        batch.forEach(p -> keysInFlight.remove(p.key));
                    }
                    next = takeBatch();
                }
                sendBatch(next);
            }
        };
        call.whenComplete((replies, failure) -> {
            replied.set(true);
            try {
                complete(batch, replies, failure);
            } finally {
                release.run();
            }
        });
        CompletableFuture.allOf(batch.stream().map(Pending::result).toArray(CompletableFuture[]::new))
                .whenComplete((ignored, failure) -> {
                    if (!replied.get()) {
                        release.run();
                    }
                });
    }

    private static void complete(List<Pending> batch, KvCodec.Reply[] replies, Throwable failure) {
        if (failure == null && (replies == null || replies.length != batch.size())) {
            failure = new IllegalStateException("a batch of " + batch.size() + " requests got "
                    + (replies == null ? "no" : replies.length) + " replies");
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failure != null) {
                batch.get(i).result.completeExceptionally(failure);
            } else {
                batch.get(i).result.complete(replies[i]);
            }
        }
    }

    /** The replies in a reply message to {@code command}: one for a single command, one per request for a batch. */
    static KvCodec.Reply[] replies(byte[] command, ByteBuffer reply) {
        if (KvCodec.isBatch(ByteBuffer.wrap(command))) {
            return KvCodec.decodeBatchReply(reply).toArray(KvCodec.Reply[]::new);
        }
        return new KvCodec.Reply[] {KvCodec.decodeReply(reply)};
    }
}
