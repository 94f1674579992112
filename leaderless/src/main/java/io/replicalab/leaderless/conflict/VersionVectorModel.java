package io.replicalab.leaderless.conflict;

import io.netty.buffer.ByteBuf;
import io.replicalab.api.CausalContext;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.Versioned;
import io.replicalab.leaderless.version.Dot;
import io.replicalab.leaderless.version.Siblings;
import io.replicalab.leaderless.version.VersionVector;
import io.replicalab.leaderless.version.VersionedValue;
import io.replicalab.node.rpc.Wire;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Dotted version vectors: concurrent writes are all kept as siblings and returned to the reader
 * with their joined context; a write carrying that context supersedes them (Dynamo, Riak).
 * Contexts are pruned to {@code maxVectorEntries} entries, oldest first (see VersionVector#prune).
 */
public final class VersionVectorModel implements ConflictModel<Siblings> {
    public static final String NAME = "version-vectors";

    private final int maxVectorEntries;

    public VersionVectorModel(int maxVectorEntries) {
        this.maxVectorEntries = maxVectorEntries;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Siblings empty() {
        return Siblings.EMPTY;
    }

    @Override
    public Siblings merge(Siblings a, Siblings b) {
        return a.merge(b);
    }

    @Override
    public Written<Siblings> write(Siblings current, byte[] value, CausalContext context, String actor, long timestampMicros) {
        VersionVector seen = decodeContext(context);
        VersionedValue v = current.newWrite(value, seen, actor, timestampMicros / 1000).withContextPrunedTo(maxVectorEntries);
        return new Written<>(current.add(v), CausalContext.of(v.clock().encode()));
    }

    private static VersionVector decodeContext(CausalContext context) {
        if (context.isEmpty()) {
            return VersionVector.EMPTY;
        }
        try {
            return VersionVector.decode(context.toBytes());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("causal context " + context + " is not a version vector ("
                    + e.getMessage() + "): pass back the context a get returned, or none for a blind write");
        }
    }

    @Override
    public Versioned<byte[]> read(Siblings state) {
        List<byte[]> values = new ArrayList<>();
        for (VersionedValue v : state.liveValues()) {
            values.add(v.value());
        }
        CausalContext context = state.isEmpty() ? CausalContext.EMPTY : CausalContext.of(state.joinedClock().encode());
        return new Versioned<>(values, context);
    }

    @Override
    public Set<String> writeIds(Siblings state) {
        Set<String> ids = new LinkedHashSet<>();
        for (VersionedValue v : state.values()) {
            ids.add(v.dot().toString());
        }
        return ids;
    }

    @Override
    public void encode(Siblings state, ByteBuf out) {
        Wire.writeVarInt(out, state.size());
        for (VersionedValue v : state.values()) {
            Wire.writeString(out, v.dot().replica());
            Wire.writeVarLong(out, v.dot().counter());
            Wire.writeBytes(out, v.context().encode());
            Wire.writeSignedVarLong(out, v.timestampMillis());
            Wire.writeOptionalBytes(out, v.isTombstone() ? null : v.value());
        }
    }

    @Override
    public Siblings decode(ByteBuf in) {
        int count = Wire.readVarInt(in);
        if (count < 0 || count > in.readableBytes()) {
            throw new io.replicalab.node.rpc.FrameException("sibling count " + count + " exceeds the bytes left");
        }
        VersionedValue[] values = new VersionedValue[count];
        for (int i = 0; i < count; i++) {
            Dot dot = new Dot(Wire.readString(in), Wire.readVarLong(in));
            VersionVector context;
            try {
                context = VersionVector.decode(Wire.readBytes(in));
            } catch (IllegalArgumentException e) {
                throw new io.replicalab.node.rpc.FrameException("bad version vector: " + e.getMessage());
            }
            long ts = Wire.readSignedVarLong(in);
            byte[] value = Wire.readOptionalBytes(in);
            values[i] = value == null ? VersionedValue.tombstone(dot, context, ts) : new VersionedValue(value, dot, context, ts);
        }
        return Siblings.of(values);
    }
}
