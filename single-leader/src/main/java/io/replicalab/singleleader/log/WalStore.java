package io.replicalab.singleleader.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replicalab.api.Clock;
import io.replicalab.node.applylog.ApplyLogEntry;
import io.replicalab.node.rpc.Wire;
import io.replicalab.node.storage.CloseableIterator;
import io.replicalab.node.storage.Entry;
import io.replicalab.node.storage.StorageEngine;
import io.replicalab.node.storage.WriteBatch;
import io.replicalab.singleleader.core.EpochHistory;
import io.replicalab.singleleader.core.LogEntry;
import io.replicalab.singleleader.core.LogState;
import io.replicalab.singleleader.wire.SingleLeaderMessages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One node's log and state in its storage engine. Each batch of entries is written as <em>one</em>
 * atomic batch holding the WAL records, the applied key states and the log's shape, so a crash leaves
 * a node either before or after the batch, never with state that its log does not explain.
 *
 * <p>Layout: {@code w<index:8 bytes big-endian>} = applied-at millis + entry; {@code d<key>} = epoch,
 * index, value of the key's last write (absent after a delete); {@code m} = last index, known epoch,
 * the epoch runs and the first index still held. Recent entries are also kept in memory, because the
 * primary ships an entry before its own group commit has made it readable from the engine.
 *
 * <p>WAL records before the log's first index are deleted (truncation, {@code wal-retain-entries}) in
 * the batch that moves it; a state transfer replaces every record and key state in one batch. The apply
 * log is the WAL, so it loses those records too: after a transfer it starts after the snapshot.
 */
public final class WalStore {
    private static final byte WAL = 'w';
    private static final byte DATA = 'd';
    private static final byte[] SHAPE = {'m'};
    private static final byte[] BARRIER = {'b'};

    /** A key's current value with the position of the write that set it. */
    public record Stored(byte[] value, long epoch, long index) {
    }

    private final StorageEngine storage;
    private final Clock clock;
    private final int cacheEntries;
    private final ConcurrentSkipListMap<Long, LogEntry> recent = new ConcurrentSkipListMap<>();

    public WalStore(StorageEngine storage, Clock clock, int cacheEntries) {
        this.storage = storage;
        this.clock = clock;
        this.cacheEntries = cacheEntries;
    }

    /** The log shape persisted by the last batch (empty log on a fresh node). */
    public LogState loadShape() {
        Optional<byte[]> raw = storage.get(SHAPE);
        if (raw.isEmpty()) {
            return LogState.empty();
        }
        ByteBuf in = Unpooled.wrappedBuffer(raw.get());
        long last = Wire.readVarLong(in);
        long known = Wire.readVarLong(in);
        int runs = Wire.readVarInt(in);
        List<EpochHistory.Start> starts = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            starts.add(new EpochHistory.Start(Wire.readVarLong(in), Wire.readVarLong(in)));
        }
        long first = in.isReadable() ? Wire.readVarLong(in) : 1; // shapes written before truncation existed
        return new LogState(first, last, starts, known);
    }

    /** Persists {@code entries} (which must follow the log's end), applies them, and records {@code shape}. */
    public CompletionStage<Void> append(List<LogEntry> entries, LogState shape) {
        return append(entries, shape, -1);
    }

    /**
     * Like {@link #append(List, LogState)}, and deletes the WAL records from {@code dropFrom} up to the
     * shape's first index in the same batch (none when {@code dropFrom} is negative).
     */
    public CompletionStage<Void> append(List<LogEntry> entries, LogState shape, long dropFrom) {
        WriteBatch batch = new WriteBatch();
        for (long i = Math.max(1, dropFrom); dropFrom >= 0 && i < shape.firstIndex(); i++) {
            batch.delete(walKey(i));
        }
        long now = clock.currentTimeMillis();
        for (LogEntry e : entries) {
            ByteBuf buf = Unpooled.buffer(32 + (e.value() == null ? 0 : e.value().length));
            buf.writeLong(now);
            SingleLeaderMessages.writeEntry(buf, e);
            batch.put(walKey(e.index()), bytes(buf));
            if (e.value() == null) {
                batch.delete(dataKey(e.key()));
            } else {
                batch.put(dataKey(e.key()), encodeStored(e.epoch(), e.index(), e.value()));
            }
            recent.put(e.index(), e);
        }
        batch.put(SHAPE, encodeShape(shape));
        while (recent.size() > cacheEntries) {
            recent.pollFirstEntry();
        }
        return storage.write(batch);
    }

    /** Persists the log shape alone (a newly learned epoch). */
    public CompletionStage<Void> saveShape(LogState shape) {
        return storage.write(new WriteBatch().put(SHAPE, encodeShape(shape)));
    }

    /**
     * Every key's applied state, as the engine holds it now. Read while writes go on, so it holds at least
     * every write the engine held when the scan began and maybe some later ones: a replica that installs
     * it at the position durable before the scan and replays the log from there ends in the right state
     * (each replayed write sets its key again, in order).
     */
    public List<SingleLeaderMessages.KeyState> keyStates() {
        List<SingleLeaderMessages.KeyState> out = new ArrayList<>();
        try (CloseableIterator<Entry> it = storage.scanPrefix(new byte[] {DATA})) {
            while (it.hasNext()) {
                Entry e = it.next();
                Stored s = decodeStored(e.value());
                out.add(new SingleLeaderMessages.KeyState(new String(e.key(), 1, e.key().length - 1, StandardCharsets.UTF_8),
                        s.epoch(), s.index(), s.value()));
            }
        }
        return out;
    }

    /**
     * Replaces this node's whole log and state by a snapshot's (a state transfer), in one batch: every
     * WAL record and key state goes, the snapshot's key states and {@code shape} come.
     */
    public CompletionStage<Void> install(List<SingleLeaderMessages.KeyState> keys, LogState shape) {
        recent.clear();
        byte[] newShape = encodeShape(shape);
        // A batch still queued (an append whose call timed out) must be in the engine before the scan that
        // lists what to delete: the engine commits in order, so a marker written now lands after it.
        return storage.write(new WriteBatch().put(BARRIER, new byte[0])).thenCompose(v -> {
            WriteBatch batch = new WriteBatch();
            for (byte prefix : new byte[] {WAL, DATA}) {
                try (CloseableIterator<Entry> it = storage.scanPrefix(new byte[] {prefix})) {
                    while (it.hasNext()) {
                        batch.delete(it.next().key());
                    }
                }
            }
            for (SingleLeaderMessages.KeyState k : keys) {
                if (k.value() != null) {
                    batch.put(dataKey(k.key()), encodeStored(k.epoch(), k.index(), k.value()));
                }
            }
            batch.put(SHAPE, newShape);
            return storage.write(batch);
        });
    }

    /** Entries {@code from..to} inclusive, from memory when recent, else from the engine. */
    public List<LogEntry> entries(long from, long to) {
        List<LogEntry> out = new ArrayList<>((int) Math.max(0, Math.min(to - from + 1, 4096)));
        if (to < from) {
            return out;
        }
        Map.Entry<Long, LogEntry> first = recent.firstEntry();
        if (first != null && first.getKey() <= from) {
            for (long i = from; i <= to; i++) {
                LogEntry e = recent.get(i);
                if (e == null) {
                    break;
                }
                out.add(e);
            }
            if (out.size() == to - from + 1) {
                return out;
            }
            out.clear();
        }
        try (CloseableIterator<Entry> it = storage.scan(walKey(from), walKey(to + 1))) {
            while (it.hasNext()) {
                ByteBuf in = Unpooled.wrappedBuffer(it.next().value());
                in.skipBytes(Long.BYTES);
                out.add(SingleLeaderMessages.readEntry(in));
            }
        }
        return out;
    }

    /** The key's current local state, empty when absent or deleted. */
    public Optional<Stored> get(String key) {
        return storage.get(dataKey(key)).map(WalStore::decodeStored);
    }

    private static byte[] encodeStored(long epoch, long index, byte[] value) {
        ByteBuf d = Unpooled.buffer(20 + value.length);
        Wire.writeVarLong(d, epoch);
        Wire.writeVarLong(d, index);
        d.writeBytes(value);
        return bytes(d);
    }

    private static Stored decodeStored(byte[] raw) {
        ByteBuf in = Unpooled.wrappedBuffer(raw);
        long epoch = Wire.readVarLong(in);
        long index = Wire.readVarLong(in);
        byte[] value = new byte[in.readableBytes()];
        in.readBytes(value);
        return new Stored(value, epoch, index);
    }

    /** This node's apply log from log index {@code from} on: the WAL in order, as every backend reports it. */
    public List<ApplyLogEntry> applyLog(long from) {
        List<ApplyLogEntry> out = new ArrayList<>();
        try (CloseableIterator<Entry> it = storage.scan(walKey(Math.max(0, from)), new byte[] {WAL + 1})) {
            while (it.hasNext()) {
                ByteBuf in = Unpooled.wrappedBuffer(it.next().value());
                long at = in.readLong();
                LogEntry e = SingleLeaderMessages.readEntry(in);
                out.add(new ApplyLogEntry(e.index(), e.key(), e.writeId(), at));
            }
        }
        return out;
    }

    private static byte[] encodeShape(LogState shape) {
        ByteBuf out = Unpooled.buffer(32);
        Wire.writeVarLong(out, shape.lastIndex());
        Wire.writeVarLong(out, shape.knownEpoch());
        List<EpochHistory.Start> starts = shape.epochStarts();
        Wire.writeVarInt(out, starts.size());
        for (EpochHistory.Start s : starts) {
            Wire.writeVarLong(out, s.epoch());
            Wire.writeVarLong(out, s.firstIndex());
        }
        Wire.writeVarLong(out, shape.firstIndex());
        return bytes(out);
    }

    private static byte[] walKey(long index) {
        return ByteBuffer.allocate(9).put(WAL).putLong(index).array();
    }

    private static byte[] dataKey(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[k.length + 1];
        out[0] = DATA;
        System.arraycopy(k, 0, out, 1, k.length);
        return out;
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }
}
