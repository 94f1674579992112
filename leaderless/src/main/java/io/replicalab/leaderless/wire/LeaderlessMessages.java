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

    /** Push-pull membership gossip: the sender's view, answered with the receiver's. */
    public record Gossip(java.util.Map<String, io.replicalab.leaderless.membership.NodeState> states) {
    }

    /** Coordinator to a stand-in replica: hold {@code state} of {@code key} for {@code owner}, who is down. */
    public record HintedApply(String key, byte[] state, String owner) {
    }

    /** Anti-entropy: your Merkle tree (depth {@code depth}) of the keys you and {@code requester} both replicate. */
    public record MerkleRequest(String requester, int depth) {
    }

    public record MerkleResponse(byte[] tree) {
    }

    /** Anti-entropy: your states of the keys shared with {@code requester} in these leaves of the tree. */
    public record LeafStatesRequest(String requester, int depth, java.util.List<Integer> leaves) {
    }

    public record LeafStates(java.util.List<String> keys, java.util.List<byte[]> states) {
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
        r.register(48, Gossip.class, new MessageCodec<>() {
            @Override
            public void encode(Gossip m, ByteBuf out) {
                Wire.writeVarInt(out, m.states().size());
                m.states().forEach((node, st) -> {
                    Wire.writeString(out, node);
                    Wire.writeString(out, st.incarnation());
                    Wire.writeVarLong(out, st.generation());
                    Wire.writeVarLong(out, st.heartbeat());
                });
            }

            @Override
            public Gossip decode(ByteBuf in) {
                int count = Wire.readVarInt(in);
                if (count < 0 || count > in.readableBytes()) {
                    throw new io.replicalab.node.rpc.FrameException("gossip of " + count + " nodes exceeds the bytes left");
                }
                java.util.Map<String, io.replicalab.leaderless.membership.NodeState> states = new java.util.LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    states.put(Wire.readString(in), new io.replicalab.leaderless.membership.NodeState(Wire.readString(in),
                            Wire.readVarLong(in), Wire.readVarLong(in)));
                }
                return new Gossip(states);
            }
        });
        r.register(49, HintedApply.class, new MessageCodec<>() {
            @Override
            public void encode(HintedApply m, ByteBuf out) {
                Wire.writeString(out, m.key());
                Wire.writeBytes(out, m.state());
                Wire.writeString(out, m.owner());
            }

            @Override
            public HintedApply decode(ByteBuf in) {
                return new HintedApply(Wire.readString(in), Wire.readBytes(in), Wire.readString(in));
            }
        });
        r.register(50, MerkleRequest.class, new MessageCodec<>() {
            @Override
            public void encode(MerkleRequest m, ByteBuf out) {
                Wire.writeString(out, m.requester());
                Wire.writeVarInt(out, m.depth());
            }

            @Override
            public MerkleRequest decode(ByteBuf in) {
                return new MerkleRequest(Wire.readString(in), Wire.readVarInt(in));
            }
        });
        r.register(51, MerkleResponse.class, codec(MerkleResponse::tree, Wire::writeBytes, in -> new MerkleResponse(Wire.readBytes(in))));
        r.register(52, LeafStatesRequest.class, new MessageCodec<>() {
            @Override
            public void encode(LeafStatesRequest m, ByteBuf out) {
                Wire.writeString(out, m.requester());
                Wire.writeVarInt(out, m.depth());
                Wire.writeVarInt(out, m.leaves().size());
                m.leaves().forEach(leaf -> Wire.writeVarInt(out, leaf));
            }

            @Override
            public LeafStatesRequest decode(ByteBuf in) {
                String requester = Wire.readString(in);
                int depth = Wire.readVarInt(in);
                int count = Wire.readVarInt(in);
                if (count < 0 || count > in.readableBytes()) {
                    throw new io.replicalab.node.rpc.FrameException("leaf count " + count + " exceeds the bytes left");
                }
                java.util.List<Integer> leaves = new java.util.ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    leaves.add(Wire.readVarInt(in));
                }
                return new LeafStatesRequest(requester, depth, leaves);
            }
        });
        r.register(53, LeafStates.class, new MessageCodec<>() {
            @Override
            public void encode(LeafStates m, ByteBuf out) {
                Wire.writeVarInt(out, m.keys().size());
                for (int i = 0; i < m.keys().size(); i++) {
                    Wire.writeString(out, m.keys().get(i));
                    Wire.writeBytes(out, m.states().get(i));
                }
            }

            @Override
            public LeafStates decode(ByteBuf in) {
                int count = Wire.readVarInt(in);
                if (count < 0 || count > in.readableBytes()) {
                    throw new io.replicalab.node.rpc.FrameException("key count " + count + " exceeds the bytes left");
                }
                java.util.List<String> keys = new java.util.ArrayList<>(count);
                java.util.List<byte[]> states = new java.util.ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    keys.add(Wire.readString(in));
                    states.add(Wire.readBytes(in));
                }
                return new LeafStates(keys, states);
            }
        });
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
