package io.replicalab.leaderless.conflict;

import io.netty.buffer.ByteBuf;
import io.replicalab.api.CausalContext;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.Versioned;
import io.replicalab.node.rpc.Wire;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The design of seed 004: every record carries a monotonically increasing version number, each
 * write stores {@code version + 1}, and a reader keeps the value with the largest version. The
 * version a client read travels as its causal context; a replica coordinating a write takes one above
 * both that and its own copy's version. Two writers that read the same version both write
 * {@code v + 1}; the tie goes to the higher writer id and the other acknowledged write is silently
 * lost — which is what the experiment shows about "w + r > n gives strong consistency".
 */
public final class MonotonicVersionModel implements ConflictModel<MonotonicVersionModel.Record> {
    public static final String NAME = "monotonic-versions";

    private static final Record EMPTY = new Record(0, "", null);

    /** One stored version; {@code value == null} is a delete. */
    public record Record(long version, String writer, byte[] value) {
        public Record {
            Objects.requireNonNull(writer, "writer");
        }

        boolean wins(Record other) {
            if (version != other.version) {
                return version > other.version;
            }
            return writer.compareTo(other.writer) >= 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Record r && r.version == version && r.writer.equals(writer)
                    && java.util.Arrays.equals(r.value, value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(version) * 31 + writer.hashCode();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Record empty() {
        return EMPTY;
    }

    @Override
    public Record merge(Record a, Record b) {
        return a.wins(b) ? a : b;
    }

    @Override
    public Written<Record> write(Record current, byte[] value, CausalContext context, String actor, long timestampMicros) {
        long read = versionOf(context);
        Record next = new Record(Math.max(read, current.version()) + 1, actor, value);
        return new Written<>(merge(current, next), contextOf(next.version()));
    }

    @Override
    public Versioned<byte[]> read(Record state) {
        CausalContext context = state.version() == 0 ? CausalContext.EMPTY : contextOf(state.version());
        return state.value() == null ? Versioned.absent(context) : new Versioned<>(List.of(state.value()), context);
    }

    @Override
    public Set<String> writeIds(Record state) {
        return state.version() == 0 ? Set.of() : Set.of("v" + state.version() + "@" + state.writer());
    }

    @Override
    public void encode(Record state, ByteBuf out) {
        Wire.writeVarLong(out, state.version());
        Wire.writeString(out, state.writer());
        Wire.writeOptionalBytes(out, state.value());
    }

    @Override
    public Record decode(ByteBuf in) {
        long version = Wire.readVarLong(in);
        String writer = Wire.readString(in);
        byte[] value = Wire.readOptionalBytes(in);
        return version == 0 && writer.isEmpty() && value == null ? EMPTY : new Record(version, writer, value);
    }

    private static CausalContext contextOf(long version) {
        return CausalContext.of(ByteBuffer.allocate(Long.BYTES).putLong(version).array());
    }

    private static long versionOf(CausalContext context) {
        if (context.isEmpty()) {
            return 0;
        }
        byte[] bytes = context.toBytes();
        if (bytes.length != Long.BYTES) {
            throw new InvalidRequestException("causal context " + context + " is not a record version: pass back the "
                    + "context a get returned, or none");
        }
        return ByteBuffer.wrap(bytes).getLong();
    }
}
