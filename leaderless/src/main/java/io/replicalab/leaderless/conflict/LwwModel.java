package io.replicalab.leaderless.conflict;

import io.netty.buffer.ByteBuf;
import io.replicalab.api.CausalContext;
import io.replicalab.api.Versioned;
import io.replicalab.leaderless.version.LwwResolver;
import io.replicalab.leaderless.version.LwwValue;
import io.replicalab.node.rpc.Wire;
import java.util.List;
import java.util.Set;

/**
 * Last write wins by the coordinator's clock in microseconds (Cassandra's cell timestamps): no siblings, no context;
 * of two concurrent writes one silently disappears, and a coordinator whose clock runs behind loses
 * even to older writes.
 */
public final class LwwModel implements ConflictModel<LwwValue> {
    public static final String NAME = "lww";

    /** Below every real write, so merging with it changes nothing. */
    private static final LwwValue EMPTY = new LwwValue(null, Long.MIN_VALUE, "");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LwwValue empty() {
        return EMPTY;
    }

    @Override
    public LwwValue merge(LwwValue a, LwwValue b) {
        return LwwResolver.merge(a, b);
    }

    @Override
    public Written<LwwValue> write(LwwValue current, byte[] value, CausalContext context, String actor, long timestampMicros) {
        // The context is ignored on purpose: LWW has no notion of what the writer saw.
        return new Written<>(merge(current, new LwwValue(value, timestampMicros, actor)), CausalContext.EMPTY);
    }

    @Override
    public Versioned<byte[]> read(LwwValue state) {
        return state.isTombstone() ? Versioned.absent(CausalContext.EMPTY) : new Versioned<>(List.of(state.value()),
                CausalContext.EMPTY);
    }

    @Override
    public Set<String> writeIds(LwwValue state) {
        return state == EMPTY ? Set.of() : Set.of(state.timestampMicros() + "@" + state.writer());
    }

    @Override
    public void encode(LwwValue state, ByteBuf out) {
        Wire.writeSignedVarLong(out, state.timestampMicros());
        Wire.writeString(out, state.writer());
        Wire.writeOptionalBytes(out, state.isTombstone() ? null : state.value());
    }

    @Override
    public LwwValue decode(ByteBuf in) {
        long ts = Wire.readSignedVarLong(in);
        String writer = Wire.readString(in);
        byte[] value = Wire.readOptionalBytes(in);
        return ts == Long.MIN_VALUE && writer.isEmpty() && value == null ? EMPTY : new LwwValue(value, ts, writer);
    }
}
