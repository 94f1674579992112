package io.replicalab.leaderless.replica;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replicalab.api.CausalContext;
import io.replicalab.node.applylog.ApplyLogEntry;
import io.replicalab.api.Clock;
import io.replicalab.leaderless.conflict.ConflictModel;
import io.replicalab.leaderless.version.WriteTimestamps;
import io.replicalab.node.rpc.Wire;
import io.replicalab.node.storage.ByteKeys;
import io.replicalab.node.storage.CloseableIterator;
import io.replicalab.node.storage.Entry;
import io.replicalab.node.storage.StorageEngine;
import io.replicalab.node.storage.StorageException;
import io.replicalab.node.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One replica's keys on its storage engine: read, merge incoming states, apply local writes. A
 * state is acknowledged only when the engine's fsync policy says it is durable.
 *
 * <p>Layout: {@code d/<key>} holds the encoded state, {@code l/<seq>} the apply log, {@code m/seq} the
 * last log sequence. Each merge writes the three in one atomic batch.
 *
 * <p>Merges of one key are serialized (striped locks); a state whose write is still on its way to
 * disk is kept in memory and merged into, so two quick merges of a key never overwrite each other.
 */
public final class ReplicaStore<S> {
    private static final byte[] DATA = ByteKeys.utf8("d/");
    private static final byte[] LOG = ByteKeys.utf8("l/");
    private static final byte[] SEQ = ByteKeys.utf8("m/seq");

    private final StorageEngine storage;
    private final ConflictModel<S> model;
    private final Clock clock;
    private final WriteTimestamps timestamps;
    private final Object[] stripes = new Object[256];
    private final Map<String, Pending<S>> unflushed = new ConcurrentHashMap<>();
    private final AtomicLong sequence;

    private record Pending<S>(S state, CompletableFuture<Void> durable) {
    }

    public ReplicaStore(StorageEngine storage, ConflictModel<S> model, Clock clock) {
        this(storage, model, clock, new WriteTimestamps(clock));
    }

    /**
     * @param timestamps the stamps of writes this replica coordinates: the node's one source, shared with
     *                   its coordinator, so all of the node's writes are stamped in increasing order
     */
    public ReplicaStore(StorageEngine storage, ConflictModel<S> model, Clock clock, WriteTimestamps timestamps) {
        this.storage = storage;
        this.model = model;
        this.clock = clock;
        this.timestamps = timestamps;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
        this.sequence = new AtomicLong(lastLogSequence(storage));
    }

    /**
     * The highest apply-log sequence on disk. {@code m/seq} alone can be behind: two keys' batches may
     * reach the engine in the other order than their sequences were taken, and restarting from the
     * lower one would overwrite the other's log entry.
     */
    private static long lastLogSequence(StorageEngine storage) {
        long seq = storage.get(SEQ).map(ReplicaStore::readLong).orElse(0L);
        try (CloseableIterator<Entry> it = storage.scan(ByteKeys.concat(LOG, longBytes(seq)), ByteKeys.prefixEnd(LOG))) {
            while (it.hasNext()) {
                byte[] key = it.next().key();
                seq = Math.max(seq, readLong(java.util.Arrays.copyOfRange(key, LOG.length, key.length)));
            }
        }
        return seq;
    }

    public ConflictModel<S> model() {
        return model;
    }

    /** The current state of {@code key} (empty when never written). */
    public S read(String key) {
        Pending<S> p = unflushed.get(key);
        return p != null ? p.state() : load(key);
    }

    /** Merges {@code incoming} into {@code key}; completes with the merged state once it is durable. */
    public CompletableFuture<S> merge(String key, S incoming) {
        synchronized (stripe(key)) {
            Pending<S> p = unflushed.get(key);
            S current = p != null ? p.state() : load(key);
            return persist(key, current, model.merge(current, incoming), p);
        }
    }

    /** A client write applied here: its new state (known at once) and when it became durable. */
    public record LocalWrite<S>(ConflictModel.Written<S> written, CompletableFuture<S> durable) {
    }

    /**
     * Applies a client write coordinated by this replica as {@code actor}. The new state is returned
     * at once, so the coordinator can ship it to the other replicas while this one fsyncs.
     */
    public LocalWrite<S> write(String key, byte[] value, CausalContext context, String actor) {
        synchronized (stripe(key)) {
            Pending<S> p = unflushed.get(key);
            S current = p != null ? p.state() : load(key);
            ConflictModel.Written<S> written = model.write(current, value, context, actor, timestamps.next());
            return new LocalWrite<>(written, persist(key, current, written.state(), p));
        }
    }

    private CompletableFuture<S> persist(String key, S current, S merged, Pending<S> inFlight) {
        if (merged.equals(current)) {
            // Nothing new; but if the same state is still being written, the ack must wait for it.
            return inFlight == null ? CompletableFuture.completedFuture(current) : inFlight.durable().thenApply(v -> current);
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        WriteBatch batch = new WriteBatch().put(ByteKeys.concat(DATA, keyBytes), encode(merged));
        Set<String> before = model.writeIds(current);
        long now = clock.currentTimeMillis();
        long seq = sequence.get();
        for (String id : model.writeIds(merged)) {
            if (!before.contains(id)) {
                seq = sequence.incrementAndGet();
                batch.put(ByteKeys.concat(LOG, longBytes(seq)), encodeLogEntry(key, id, now));
            }
        }
        batch.put(SEQ, longBytes(seq));
        CompletableFuture<Void> durable = storage.write(batch).toCompletableFuture();
        Pending<S> mine = new Pending<>(merged, durable);
        unflushed.put(key, mine);
        durable.whenComplete((v, e) -> unflushed.remove(key, mine));
        return durable.thenApply(v -> merged);
    }

    /** Every key this replica holds, with its state, in key order (for anti-entropy and tests). */
    public List<Map.Entry<String, S>> scanAll() {
        List<Map.Entry<String, S>> out = new ArrayList<>();
        try (CloseableIterator<Entry> it = storage.scanPrefix(DATA)) {
            while (it.hasNext()) {
                Entry e = it.next();
                String key = new String(e.key(), DATA.length, e.key().length - DATA.length, StandardCharsets.UTF_8);
                out.add(Map.entry(key, read(key)));
            }
        }
        return out;
    }

    /** The apply log from {@code fromSequence} (inclusive), in application order. */
    public List<ApplyLogEntry> applyLog(long fromSequence) {
        List<ApplyLogEntry> out = new ArrayList<>();
        try (CloseableIterator<Entry> it = storage.scan(ByteKeys.concat(LOG, longBytes(fromSequence)), ByteKeys.prefixEnd(LOG))) {
            while (it.hasNext()) {
                Entry e = it.next();
                long seq = readLong(java.util.Arrays.copyOfRange(e.key(), LOG.length, e.key().length));
                ByteBuf in = Unpooled.wrappedBuffer(e.value());
                out.add(new ApplyLogEntry(seq, Wire.readString(in), Wire.readString(in), Wire.readSignedVarLong(in)));
            }
        }
        return out;
    }

    private S load(String key) {
        Optional<byte[]> bytes = storage.get(ByteKeys.concat(DATA, key.getBytes(StandardCharsets.UTF_8)));
        if (bytes.isEmpty()) {
            return model.empty();
        }
        try {
            return model.fromBytes(bytes.get());
        } catch (RuntimeException e) {
            throw new StorageException("stored state of key '" + key + "' is unreadable as " + model.name() + " ("
                    + e.getMessage() + "): the data dir was written with another conflict mode or is corrupt; "
                    + "wipe this replica and let repair refill it");
        }
    }

    private byte[] encode(S state) {
        return model.toBytes(state);
    }

    private static byte[] encodeLogEntry(String key, String writeId, long now) {
        ByteBuf out = Unpooled.buffer();
        Wire.writeString(out, key);
        Wire.writeString(out, writeId);
        Wire.writeSignedVarLong(out, now);
        return ByteBufs.toArray(out);
    }

    private Object stripe(String key) {
        return stripes[(key.hashCode() & 0x7fffffff) % stripes.length];
    }

    /** Big-endian, so the log's keys sort in sequence order. */
    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    private static long readLong(byte[] b) {
        return java.nio.ByteBuffer.wrap(b).getLong();
    }
}
