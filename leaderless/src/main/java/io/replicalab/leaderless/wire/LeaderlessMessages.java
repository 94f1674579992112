package io.replicalab.leaderless.wire;

import io.netty.buffer.ByteBuf;
import io.replicalab.node.rpc.MessageCodec;
import io.replicalab.node.rpc.MessageRegistry;
import io.replicalab.node.rpc.Wire;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The leaderless backend's messages. Replica states travel as the conflict model's encoded bytes,
 * so the same messages serve version vectors and LWW. Type ids 40-59.
 */
public final class LeaderlessMessages {
    private LeaderlessMessages() {
    }

    /** Coordinator to replica: send me your state of {@code key}. */
    public record ReplicaRead(String key) {
    }

    /** A replica's encoded state of one key. */
    public record ReplicaState(byte[] state) {
    }

    /** Coordinator, repairer or hint holder to replica: merge this state of {@code key}. */
    public record ReplicaApply(String key, byte[] state) {
    }

    /** The merged state is durable on the replica. */
    public record ReplicaAck(boolean changed) {
    }

    /** Client to coordinator: write {@code value} ({@code null}: delete) superseding {@code context}. */
    public record CoordinatePut(String key, byte[] value, byte[] context, int w, long timeoutMillis) {
    }

    public record PutResult(byte[] context) {
    }

    /** Client to coordinator: read {@code key} from {@code r} replicas. */
    public record CoordinateGet(String key, int r, long timeoutMillis) {
    }

    /** The merged state of the replicas that answered. */
    public record GetResult(byte[] state) {
    }

    public static MessageRegistry registry() {
        MessageRegistry r = MessageRegistry.withBuiltins();
        r.register(40, ReplicaRead.class, codec(ReplicaRead::key, Wire::writeString, in -> new ReplicaRead(Wire.readString(in))));
        r.register(41, ReplicaState.class, codec(ReplicaState::state, Wire::writeBytes, in -> new ReplicaState(Wire.readBytes(in))));
        r.register(42, ReplicaApply.class, new MessageCodec<>() {
            @Override
            public void encode(ReplicaApply m, ByteBuf out) {
                Wire.writeString(out, m.key());
                Wire.writeBytes(out, m.state());
            }

            @Override
            public ReplicaApply decode(ByteBuf in) {
                return new ReplicaApply(Wire.readString(in), Wire.readBytes(in));
            }
        });
        r.register(43, ReplicaAck.class, codec(ReplicaAck::changed, Wire::writeBoolean, in -> new ReplicaAck(Wire.readBoolean(in))));
        r.register(44, CoordinatePut.class, new MessageCodec<>() {
            @Override
            public void encode(CoordinatePut m, ByteBuf out) {
                Wire.writeString(out, m.key());
                Wire.writeOptionalBytes(out, m.value());
                Wire.writeBytes(out, m.context());
                Wire.writeVarInt(out, m.w());
                Wire.writeVarLong(out, m.timeoutMillis());
            }

            @Override
            public CoordinatePut decode(ByteBuf in) {
                return new CoordinatePut(Wire.readString(in), Wire.readOptionalBytes(in), Wire.readBytes(in),
                        Wire.readVarInt(in), Wire.readVarLong(in));
            }
        });
        r.register(45, PutResult.class, codec(PutResult::context, Wire::writeBytes, in -> new PutResult(Wire.readBytes(in))));
        r.register(46, CoordinateGet.class, new MessageCodec<>() {
            @Override
            public void encode(CoordinateGet m, ByteBuf out) {
                Wire.writeString(out, m.key());
                Wire.writeVarInt(out, m.r());
                Wire.writeVarLong(out, m.timeoutMillis());
            }

            @Override
            public CoordinateGet decode(ByteBuf in) {
                return new CoordinateGet(Wire.readString(in), Wire.readVarInt(in), Wire.readVarLong(in));
            }
        });
        r.register(47, GetResult.class, codec(GetResult::state, Wire::writeBytes, in -> new GetResult(Wire.readBytes(in))));
        return r;
    }

    /** A codec for a message with a single field. */
    private static <T, F> MessageCodec<T> codec(Function<T, F> field, BiConsumer<ByteBuf, F> write, Function<ByteBuf, T> read) {
        return new MessageCodec<>() {
            @Override
            public void encode(T message, ByteBuf out) {
                write.accept(out, field.apply(message));
            }

            @Override
            public T decode(ByteBuf in) {
                return read.apply(in);
            }
        };
    }
}
