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
 * Coalesces the concurrent writes of one client into Raft entries: at most {@code maxInFlight} entries
 * are outstanding; writes submitted meanwhile wait and leave together, as one {@link KvCodec#BATCH}
 * entry, when an entry completes. A write that finds a free slot leaves at once, alone, so one
 * request in flight pays no batching delay; under load a Raft entry (log append, fsync, AppendEntries,
 * commit, apply, reply) carries many writes instead of one.
 *
 * <p>Each write is still acknowledged only after its entry committed on a majority and was applied.
 * A batch never holds two writes of the same key, and a write waits while an outstanding entry holds its
 * key: so every (key, version) pair names exactly one value even though a batch's writes share its log
 * index, and one client's writes of a key commit in the order they were issued.
 * A write whose result is already complete (its deadline passed: outcome reported as unknown) when its
 * turn comes is not sent at all, and an entry's slot is freed as soon as each of its writes has an
 * outcome, even if Ratis is still retrying the entry (e.g. while the client is cut from the leader).
 *
 * <p>{@code send} is called on the thread that submits or that completes the previous entry; it must
 * not block (in {@link RaftKvClient} it hands the call to a client thread). A continuation of a write's
 * result must not wait for another write of the same batcher: it may run while its entry still holds the slot.
 */
final class WriteBatcher {
    /** Bytes of commands in one batch; a single larger command goes alone. Well below Ratis's limits. */
    static final int MAX_BATCH_BYTES = 1 << 20;

    private record Pending(String key, byte[] command, CompletableFuture<KvCodec.Reply> result) {
    }

    private final Function<byte[], CompletableFuture<KvCodec.Reply[]>> send;
    private final int maxInFlight;
    private final int maxOps;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Keys of the writes in outstanding entries. */
    private final Set<String> keysInFlight = new HashSet<>();
    private int inFlight;

    /**
     * @param send sends one command ({@link KvCodec#BATCH} or single) and completes with one reply per write in it
     * @param maxInFlight entries outstanding at once
     * @param maxOps writes in one entry at most
     */
    WriteBatcher(Function<byte[], CompletableFuture<KvCodec.Reply[]>> send, int maxInFlight, int maxOps) {
        this.send = send;
        this.maxInFlight = maxInFlight;
        this.maxOps = maxOps;
    }

    /** Queues one write command on {@code key}; completes with its reply, or the failure of its entry. */
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
            if (keys.contains(p.key) || keysInFlight.contains(p.key) || !batch.isEmpty() && bytes + p.command.length > MAX_BATCH_BYTES) {
                continue; // next entry
            }
            it.remove();
            keys.add(p.key);
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
        // The slot is freed after the entry's writes complete, so the writes their continuations issue (a closed
        // loop's next requests, run inline on this thread) are queued by then and leave together as the next entry.
        // Freed first, the first of them found the slot empty and left alone, and the rest waited for it: entries
        // of 1 and n-1 writes alternated, two commit rounds per n writes. The slot is also freed as soon as every
        // write of the entry has its outcome while Ratis still retries the entry in the background (their deadlines
        // passed): later writes must not queue behind an entry nobody waits for any more.
        AtomicBoolean released = new AtomicBoolean();
        AtomicBoolean replied = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                List<Pending> next;
                synchronized (lock) {
                    inFlight--;
                    batch.forEach(p -> keysInFlight.remove(p.key));
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
            failure = new IllegalStateException("a batch of " + batch.size() + " writes got "
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

    /** The replies in a reply message to {@code command}: one for a single command, one per write for a batch. */
    static KvCodec.Reply[] replies(byte[] command, ByteBuffer reply) {
        if (KvCodec.isBatch(ByteBuffer.wrap(command))) {
            return KvCodec.decodeBatchReply(reply).toArray(KvCodec.Reply[]::new);
        }
        return new KvCodec.Reply[] {KvCodec.decodeReply(reply)};
    }
}
