package io.replicalab.leaderless.conflict;

import io.netty.buffer.ByteBuf;
import io.replicalab.api.CausalContext;
import io.replicalab.api.Versioned;
import java.util.Set;

/**
 * How a replica holds one key and resolves concurrent writes: dotted version vectors with siblings
 * ({@link VersionVectorModel}) or last-write-wins timestamps ({@link LwwModel}). Everything above this
 * interface (replica store, coordinator, repair) is the same for both, which is the point of the
 * comparison: only the resolution rule changes.
 *
 * <p>{@link #merge} must be commutative, associative and idempotent: repair paths apply states in
 * any order, any number of times.
 *
 * @param <S> the per-key state, immutable
 */
public interface ConflictModel<S> {

    /** The config name of this model. */
    String name();

    S empty();

    S merge(S a, S b);

    /**
     * The state after a client write coordinated by replica {@code actor} that holds {@code current}.
     *
     * @param value the bytes, or {@code null} for a delete
     * @param timestampMicros the write's timestamp from the coordinator's {@link
     *        io.replicalab.leaderless.version.WriteTimestamps}: LWW orders writes by it, version vectors
     *        only keep it (in milliseconds) for display and pruning
     */
    Written<S> write(S current, byte[] value, CausalContext context, String actor, long timestampMicros);

    /** What a reader is shown: live values (siblings) and the context to write back with. */
    Versioned<byte[]> read(S state);

    /**
     * Ids of the writes {@code state} holds (dots, or timestamp@writer), so the apply log can record
     * which writes a replica applied and in what order.
     */
    Set<String> writeIds(S state);

    void encode(S state, ByteBuf out);

    S decode(ByteBuf in);

    default byte[] toBytes(S state) {
        ByteBuf out = io.netty.buffer.Unpooled.buffer();
        try {
            encode(state, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /** Decodes a whole encoded state; bytes left over mean corruption, not a shorter state. */
    default S fromBytes(byte[] bytes) {
        ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(bytes);
        S state = decode(in);
        if (in.isReadable()) {
            throw new io.replicalab.node.rpc.FrameException(in.readableBytes() + " trailing bytes after a " + name() + " state");
        }
        return state;
    }

    /** A new state and the causal context of the write that produced it (returned to the writer). */
    record Written<S>(S state, CausalContext context) {
    }
}
