package io.replicalab.singleleader.wire;

import io.netty.buffer.ByteBuf;
import io.replicalab.node.rpc.FrameException;
import io.replicalab.node.rpc.MessageCodec;
import io.replicalab.node.rpc.MessageRegistry;
import io.replicalab.node.rpc.Wire;
import io.replicalab.singleleader.core.EpochHistory;
import io.replicalab.singleleader.core.LogEntry;
import io.replicalab.singleleader.core.LogPosition;
import java.util.ArrayList;
import java.util.List;

/** The single-leader backend's messages, type ids 60-79. */
public final class SingleLeaderMessages {
    private SingleLeaderMessages() {
    }

    /** What a write checks before it applies (compare-and-set); {@link #NONE} for a plain write. */
    public enum Check { NONE, ABSENT, VALUE_EQUALS, VERSION_EQUALS }

    /** Client to (what it believes is) the primary: write {@code value} ({@code null}: delete). */
    public record ClientWrite(String key, byte[] value, Check check, byte[] expected) {
    }

    public enum WriteStatus { OK, NOT_PRIMARY, CHECK_FAILED }

    /**
     * The primary's answer. {@code NOT_PRIMARY} means the write was not applied here; {@code primary}
     * then names the node this one believes leads ({@code ""} when it knows none).
     */
    public record WriteReply(WriteStatus status, long epoch, long index, String primary) {
    }

    /** Client to a node: read {@code key}, from its local state when {@code local}, else only if it is the primary. */
    public record ClientRead(String key, boolean local) {
    }

    public record ReadReply(WriteStatus status, byte[] value, long epoch, long index, String primary) {
    }

    /** Primary to replica: these entries follow the entry at ({@code prevEpoch}, {@code prevIndex}). */
    public record Append(long epoch, String primary, long prevEpoch, long prevIndex, List<LogEntry> entries) {
    }

    public enum AppendStatus { ACK, GAP, DIVERGED, STALE_EPOCH }

    /** ACK: the log matches through {@code index}; GAP: it ends at {@code index}; STALE_EPOCH: {@code epoch} is newer. */
    public record AppendReply(AppendStatus status, long index, long epoch) {
    }

    /** A key's applied state: the value set by the write at ({@code epoch}, {@code index}). */
    public record KeyState(String key, long epoch, long index, byte[] value) {
    }

    /**
     * Part {@code part} (from 0) of the primary's applied state as of {@code last} (at least; see
     * {@link io.replicalab.singleleader.log.WalStore#keyStates()}), with its epoch runs up to there, sent to a
     * replica that cannot follow by log shipping (its log diverged, or it needs entries the primary no longer
     * holds). The parts keep each frame small; the replica installs them all when the one marked
     * {@code done} arrives. Answered with an {@link AppendReply}: ACK (at {@code last.index()} for the last
     * part), STALE_EPOCH, or GAP when a part is not the one expected (the primary starts over later).
     */
    public record Snapshot(long epoch, String primary, LogPosition last, List<EpochHistory.Start> runs, int part,
                           boolean done, List<KeyState> keys) {
    }

    public static MessageRegistry registry() {
        MessageRegistry r = MessageRegistry.withBuiltins();
        r.register(60, ClientWrite.class, new MessageCodec<>() {
            @Override
            public void encode(ClientWrite m, ByteBuf out) {
                Wire.writeString(out, m.key());
                Wire.writeOptionalBytes(out, m.value());
                out.writeByte(m.check().ordinal());
                Wire.writeOptionalBytes(out, m.expected());
            }

            @Override
            public ClientWrite decode(ByteBuf in) {
                return new ClientWrite(Wire.readString(in), Wire.readOptionalBytes(in), ordinal(Check.values(), in),
                        Wire.readOptionalBytes(in));
            }
        });
        r.register(61, WriteReply.class, new MessageCodec<>() {
            @Override
            public void encode(WriteReply m, ByteBuf out) {
                out.writeByte(m.status().ordinal());
                Wire.writeVarLong(out, m.epoch());
                Wire.writeVarLong(out, m.index());
                Wire.writeString(out, m.primary());
            }

            @Override
            public WriteReply decode(ByteBuf in) {
                return new WriteReply(ordinal(WriteStatus.values(), in), Wire.readVarLong(in), Wire.readVarLong(in),
                        Wire.readString(in));
            }
        });
        r.register(62, ClientRead.class, new MessageCodec<>() {
            @Override
            public void encode(ClientRead m, ByteBuf out) {
                Wire.writeString(out, m.key());
                Wire.writeBoolean(out, m.local());
            }

            @Override
            public ClientRead decode(ByteBuf in) {
                return new ClientRead(Wire.readString(in), Wire.readBoolean(in));
            }
        });
        r.register(63, ReadReply.class, new MessageCodec<>() {
            @Override
            public void encode(ReadReply m, ByteBuf out) {
                out.writeByte(m.status().ordinal());
                Wire.writeOptionalBytes(out, m.value());
                Wire.writeVarLong(out, m.epoch());
                Wire.writeVarLong(out, m.index());
                Wire.writeString(out, m.primary());
            }

            @Override
            public ReadReply decode(ByteBuf in) {
                return new ReadReply(ordinal(WriteStatus.values(), in), Wire.readOptionalBytes(in), Wire.readVarLong(in),
                        Wire.readVarLong(in), Wire.readString(in));
            }
        });
        r.register(64, Append.class, new MessageCodec<>() {
            @Override
            public void encode(Append m, ByteBuf out) {
                Wire.writeVarLong(out, m.epoch());
                Wire.writeString(out, m.primary());
                Wire.writeVarLong(out, m.prevEpoch());
                Wire.writeVarLong(out, m.prevIndex());
                Wire.writeVarInt(out, m.entries().size());
                for (LogEntry e : m.entries()) {
                    writeEntry(out, e);
                }
            }

            @Override
            public Append decode(ByteBuf in) {
                long epoch = Wire.readVarLong(in);
                String primary = Wire.readString(in);
                long prevEpoch = Wire.readVarLong(in);
                long prevIndex = Wire.readVarLong(in);
                int count = count(in);
                List<LogEntry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    entries.add(readEntry(in));
                }
                return new Append(epoch, primary, prevEpoch, prevIndex, entries);
            }
        });
        r.register(65, AppendReply.class, new MessageCodec<>() {
            @Override
            public void encode(AppendReply m, ByteBuf out) {
                out.writeByte(m.status().ordinal());
                Wire.writeVarLong(out, m.index());
                Wire.writeVarLong(out, m.epoch());
            }

            @Override
            public AppendReply decode(ByteBuf in) {
                return new AppendReply(ordinal(AppendStatus.values(), in), Wire.readVarLong(in), Wire.readVarLong(in));
            }
        });
        r.register(66, Snapshot.class, new MessageCodec<>() {
            @Override
            public void encode(Snapshot m, ByteBuf out) {
                Wire.writeVarLong(out, m.epoch());
                Wire.writeString(out, m.primary());
                Wire.writeVarLong(out, m.last().epoch());
                Wire.writeVarLong(out, m.last().index());
                Wire.writeVarInt(out, m.runs().size());
                for (EpochHistory.Start run : m.runs()) {
                    Wire.writeVarLong(out, run.epoch());
                    Wire.writeVarLong(out, run.firstIndex());
                }
                Wire.writeVarInt(out, m.part());
                Wire.writeBoolean(out, m.done());
                Wire.writeVarInt(out, m.keys().size());
                for (KeyState k : m.keys()) {
                    Wire.writeString(out, k.key());
                    Wire.writeVarLong(out, k.epoch());
                    Wire.writeVarLong(out, k.index());
                    Wire.writeOptionalBytes(out, k.value());
                }
            }

            @Override
            public Snapshot decode(ByteBuf in) {
                long epoch = Wire.readVarLong(in);
                String primary = Wire.readString(in);
                LogPosition last = new LogPosition(Wire.readVarLong(in), Wire.readVarLong(in));
                int runCount = count(in);
                List<EpochHistory.Start> runs = new ArrayList<>(runCount);
                for (int i = 0; i < runCount; i++) {
                    runs.add(new EpochHistory.Start(Wire.readVarLong(in), Wire.readVarLong(in)));
                }
                int part = Wire.readVarInt(in);
                boolean done = Wire.readBoolean(in);
                int keyCount = count(in);
                List<KeyState> keys = new ArrayList<>(keyCount);
                for (int i = 0; i < keyCount; i++) {
                    keys.add(new KeyState(Wire.readString(in), Wire.readVarLong(in), Wire.readVarLong(in),
                            Wire.readOptionalBytes(in)));
                }
                return new Snapshot(epoch, primary, last, runs, part, done, keys);
            }
        });
        return r;
    }

    /** A count of items that follow, each at least one byte long. */
    private static int count(ByteBuf in) {
        int count = Wire.readVarInt(in);
        if (count < 0 || count > in.readableBytes()) {
            throw new FrameException(count + " items exceed the bytes left");
        }
        return count;
    }

    /** The entry's wire form, also its form in the WAL. */
    public static void writeEntry(ByteBuf out, LogEntry e) {
        Wire.writeVarLong(out, e.epoch());
        Wire.writeVarLong(out, e.index());
        Wire.writeString(out, e.key());
        Wire.writeOptionalBytes(out, e.value());
    }

    public static LogEntry readEntry(ByteBuf in) {
        return new LogEntry(Wire.readVarLong(in), Wire.readVarLong(in), Wire.readString(in), Wire.readOptionalBytes(in));
    }

    private static <E extends Enum<E>> E ordinal(E[] values, ByteBuf in) {
        int i = Wire.readByte(in);
        if (i < 0 || i >= values.length) {
            throw new FrameException("unknown " + values[0].getDeclaringClass().getSimpleName() + " " + i);
        }
        return values[i];
    }
}
