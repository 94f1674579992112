package io.replicalab.raft;

import io.replicalab.node.applylog.ApplyLogEntry;
import io.replicalab.api.Clock;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated key-value map: key → (value, version), where the version is the Raft log index of
 * the key's last write. Only committed entries reach {@link #applyTransaction}. A linearizable get is an entry too
 * ({@code linearizable-reads: log}, answered in order with the writes and changing nothing) or a query ({@link #query})
 * that Ratis runs after a ReadIndex round ({@code read-index}); a stale get is a query run locally.
 *
 * <p>Snapshots are one file in {@link SimpleStateMachineStorage}: {@code magic, count, (key, version,
 * value)*, crc32}. Ratis calls {@link #takeSnapshot} on its state-machine updater thread, the same
 * thread that applies entries, so the map it writes is exactly the state at the last applied index.
 */
public final class KvStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(KvStateMachine.class);
    private static final int SNAPSHOT_MAGIC = 0x52_4C_4B_31; // "RLK1"

    private record Entry(byte[] value, long version) {
    }

    private final String nodeId;
    private final Clock clock;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final Map<String, Entry> map = new ConcurrentHashMap<>();
    private final BoundedLog<ApplyLogEntry> applyLog;
    private final BoundedLog<RaftEvent> events;
    private volatile long sequence;
    private volatile long lastSeenTerm;
    private volatile String leader;

    KvStateMachine(String nodeId, Clock clock, int applyLogCapacity) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.applyLog = new BoundedLog<>(applyLogCapacity);
        this.events = new BoundedLog<>(applyLogCapacity);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            load(storage.loadLatestSnapshot());
        });
    }

    /**
     * Ratis pauses the state machine before it installs a snapshot from the leader and checks it is
     * {@code PAUSED} before calling {@link #reinitialize} (BaseStateMachine's own pause does nothing).
     */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** Called after a snapshot was installed from the leader: the map becomes that snapshot. */
    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path file = snapshot.getFile().getPath();
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(file.toFile(), md5);
        }
        Map<String, Entry> loaded = new java.util.HashMap<>();
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             CheckedInputStream checked = new CheckedInputStream(raw, crc)) {
            DataInputStream in = new DataInputStream(checked);
            if (in.readInt() != SNAPSHOT_MAGIC) {
                throw new IOException("snapshot " + file + " is not a ReplicaLab kv snapshot (bad magic): wipe this node's dir");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                byte[] k = new byte[in.readInt()];
                in.readFully(k);
                long version = in.readLong();
                byte[] v = new byte[in.readInt()];
                in.readFully(v);
                loaded.put(new String(k, StandardCharsets.UTF_8), new Entry(v, version));
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (expected != stored) {
                throw new IOException("snapshot " + file + " is corrupt (crc mismatch): wipe this node's dir so it reinstalls one");
            }
        }
        map.clear();
        map.putAll(loaded);
        setLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("{}: loaded snapshot {} with {} keys", nodeId, snapshot.getTermIndex(), loaded.size());
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = file.toPath().resolveSibling(file.getName() + ".tmp");
        List<Map.Entry<String, Entry>> entries = new ArrayList<>(map.entrySet());
        CRC32 crc = new CRC32();
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
             BufferedOutputStream buf = new BufferedOutputStream(fos)) {
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buf, crc));
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeInt(entries.size());
            for (Map.Entry<String, Entry> e : entries) {
                byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(k.length);
                out.write(k);
                out.writeLong(e.getValue().version());
                out.writeInt(e.getValue().value().length);
                out.write(e.getValue().value());
            }
            out.flush();
            new DataOutputStream(buf).writeLong(crc.getValue());
            buf.flush();
            fos.getFD().sync();
        }
        Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        LOG.debug("{}: snapshot at {} with {} keys", nodeId, last, entries.size());
        return last.getIndex();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        noteTerm(entry.getTerm());
        ByteBuffer data = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
        byte[] reply;
        if (KvCodec.isBatch(data)) {
            List<byte[]> replies = new ArrayList<>();
            try {
                // The writes of one entry apply in order; they share its index as their version (a batch never
                // holds two writes of one key, see RequestBatcher, so a key's version still names one value).
                for (ByteBuffer command : KvCodec.decodeBatch(data)) {
                    replies.add(applyOne(command, index));
                }
                reply = KvCodec.batchReply(replies);
            } catch (RuntimeException e) {
                reply = malformed(index, e);
            }
        } else {
            reply = applyOne(data, index);
        }
        updateLastAppliedTermIndex(entry.getTerm(), index);
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    }

    private byte[] applyOne(ByteBuffer command, long index) {
        try {
            return apply(KvCodec.decode(command), index);
        } catch (RuntimeException e) {
            return malformed(index, e);
        }
    }

    /** A malformed command is applied as a no-op on every replica alike, so they stay identical. */
    private byte[] malformed(long index, RuntimeException e) {
        LOG.warn("{}: malformed command at index {}: {}", nodeId, index, e.toString());
        return KvCodec.reply(KvCodec.NOT_APPLIED, 0, null);
    }

    private byte[] apply(KvCodec.Command c, long index) {
        Entry current = map.get(c.key());
        switch (c.op()) {
            case KvCodec.PUT -> {
                map.put(c.key(), new Entry(c.value(), index));
                logApplied(c.key(), index);
                return KvCodec.reply(KvCodec.OK, index, null);
            }
            case KvCodec.DELETE -> {
                if (map.remove(c.key()) != null) {
                    logApplied(c.key(), index);
                }
                return KvCodec.reply(KvCodec.OK, index, null);
            }
            case KvCodec.CAS_VERSION, KvCodec.CAS_VALUE -> {
                boolean holds = c.op() == KvCodec.CAS_VERSION
                        ? (current == null ? c.expectedVersion() == 0 : current.version() == c.expectedVersion())
                        : current != null && Arrays.equals(current.value(), c.expectedValue());
                if (!holds) {
                    return KvCodec.reply(KvCodec.NOT_APPLIED, current == null ? 0 : current.version(), null);
                }
                map.put(c.key(), new Entry(c.value(), index));
                logApplied(c.key(), index);
                return KvCodec.reply(KvCodec.OK, index, null);
            }
            // A linearizable get sent through the log (linearizable-reads: log): answered from the state every
            // earlier entry made, and it changes nothing, so no apply-log line.
            case KvCodec.GET -> {
                return read(current);
            }
            default -> throw new IllegalArgumentException("command " + c.op() + " is not a write or a get");
        }
    }

    private static byte[] read(Entry e) {
        return e == null ? KvCodec.reply(KvCodec.ABSENT, 0, null) : KvCodec.reply(KvCodec.OK, e.version(), e.value());
    }

    private void logApplied(String key, long index) {
        applyLog.add(new ApplyLogEntry(++sequence, key, "index:" + index, clock.currentTimeMillis()));
    }

    /**
     * A get or a multi-get (a {@link KvCodec#BATCH} of gets), run by Ratis after a ReadIndex round (linearizable read
     * with {@code linearizable-reads: read-index}) or directly (stale read). A multi-get reads its keys one after the other while later entries may be applied
     * concurrently (the map is concurrent and an entry is replaced whole), so each get sees its key as of some
     * applied index at or after the batch's read index, at an instant inside the get's own interval: that is all a
     * linearizable get needs (one get is one operation; gets of a batch promise nothing about each other).
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            ByteBuffer data = request.getContent().asReadOnlyByteBuffer();
            byte[] reply;
            if (KvCodec.isBatch(data)) {
                List<byte[]> replies = new ArrayList<>();
                for (ByteBuffer get : KvCodec.decodeBatch(data)) {
                    replies.add(get(get));
                }
                reply = KvCodec.batchReply(replies);
            } else {
                reply = get(data);
            }
            return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private byte[] get(ByteBuffer query) {
        KvCodec.Command c = KvCodec.decode(query);
        if (c.op() != KvCodec.GET) {
            throw new IllegalArgumentException("query " + c.op() + " is not a read");
        }
        return read(map.get(c.key()));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leader = newLeaderId == null ? null : newLeaderId.toString();
        long term = lastSeenTerm;
        try {
            term = getServer().join().getDivision(getGroupId()).getInfo().getCurrentTerm();
        } catch (Exception e) {
            LOG.debug("{}: term unknown at leader change", nodeId, e);
        }
        events.add(new RaftEvent(clock.currentTimeMillis(), nodeId, RaftEvent.Kind.LEADER_CHANGED, term, leader));
        LOG.info("{}: leader is now {} (term {})", nodeId, leader, term);
    }

    /** Called for entries that are not state-machine commands (configuration, a new leader's first entry). */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        noteTerm(term);
    }

    private void noteTerm(long term) {
        if (term > lastSeenTerm) {
            lastSeenTerm = term;
            events.add(new RaftEvent(clock.currentTimeMillis(), nodeId, RaftEvent.Kind.TERM_CHANGED, term, leader));
        }
    }

    /** This replica's apply log since it started (its newest {@code apply-log-capacity} entries). */
    List<ApplyLogEntry> applyLog() {
        return applyLog.snapshot();
    }

    /** The retained apply-log entries with a sequence number of at least {@code from}. */
    List<ApplyLogEntry> applyLog(long from) {
        return applyLog.filter(e -> e.sequence() >= from);
    }

    /** Apply-log entries evicted because the in-memory log was full. */
    long applyLogDropped() {
        return applyLog.dropped();
    }

    List<RaftEvent> events() {
        return events.snapshot();
    }

    /** The local (possibly stale) value of {@code key}, or null. */
    byte[] localValue(String key) {
        Entry e = map.get(key);
        return e == null ? null : e.value();
    }

    int size() {
        return map.size();
    }

    String leader() {
        return leader;
    }
}
