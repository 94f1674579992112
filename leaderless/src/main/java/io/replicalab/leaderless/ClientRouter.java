package io.replicalab.leaderless;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replicalab.api.CausalContext;
import io.replicalab.api.Clock;
import io.replicalab.api.Versioned;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.leaderless.conflict.ConflictModel;
import io.replicalab.leaderless.coordinator.Coordinator;
import io.replicalab.leaderless.coordinator.HintPolicy;
import io.replicalab.leaderless.coordinator.Liveness;
import io.replicalab.leaderless.coordinator.ReplicaTransport;
import io.replicalab.leaderless.replica.ByteBufs;
import io.replicalab.leaderless.ring.HashRing;
import io.replicalab.leaderless.version.WriteTimestamps;
import io.replicalab.leaderless.wire.LeaderlessMessages.CoordinatePut;
import io.replicalab.leaderless.wire.LeaderlessMessages.HintedApply;
import io.replicalab.leaderless.wire.LeaderlessMessages.PutResult;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaAck;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaApply;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaRead;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaState;
import io.replicalab.node.rpc.RpcClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Client-driven fan-out: the client library runs the coordinator's quorum logic itself, against the
 * replicas directly, saving the hop through a coordinating node. Reads go to the key's N replicas and
 * are merged and repaired here. LWW writes are stamped with the client's clock and sent to the N
 * replicas. A version-vector write needs a dot issued by a replica that holds the key, so it goes
 * straight to the first replica of the preference list, which coordinates it (no extra hop either).
 * The client has no failure detector: down replicas are tried and refuse, and there are no hints.
 */
final class ClientRouter<S> {
    private final ConflictModel<S> model;
    private final RpcClient rpc;
    private final Map<String, InetSocketAddress> addresses;
    private final Coordinator<S> coordinator;

    ClientRouter(ClusterSpec spec, LeaderlessOptions options, ConflictModel<S> model, RpcClient rpc, Clock clock) {
        this.model = model;
        this.rpc = rpc;
        this.addresses = spec.nodes().stream().collect(Collectors.toMap(NodeSpec::id,
                n -> new InetSocketAddress(n.host(), n.port())));
        int n = spec.replication().factorOr(spec.nodes().size());
        HashRing ring = new HashRing(spec.nodes().stream().map(NodeSpec::id).toList(), options.vnodes());
        this.coordinator = new Coordinator<>(rpc.selfId(), rpc.selfId(), n, ring, null, model, new Transport(),
                Coordinator.ReadRepair.valueOf(options.readRepair().toUpperCase(Locale.ROOT)), new WriteTimestamps(clock)::next,
                Liveness.ALL_ALIVE, HintPolicy.OFF);
    }

    CompletableFuture<Versioned<byte[]>> get(String key, int r, Duration timeout) {
        return coordinator.get(key, r, timeout).thenApply(model::read);
    }

    CompletableFuture<byte[]> put(CoordinatePut put) {
        return coordinator.put(put);
    }

    private byte[] encode(S state) {
        return model.toBytes(state);
    }

    private <Q, R> CompletableFuture<R> call(String node, Q request, Class<R> answer, Duration timeout) {
        return rpc.call(node, addresses.get(node), request, answer, timeout);
    }

    private final class Transport implements ReplicaTransport<S> {
        @Override
        public CompletableFuture<S> read(String node, String key, Duration timeout) {
            return call(node, new ReplicaRead(key), ReplicaState.class, timeout)
                    .thenApply(s -> model.fromBytes(s.state()));
        }

        @Override
        public CompletableFuture<Void> apply(String node, String key, S state, Duration timeout) {
            return call(node, new ReplicaApply(key, encode(state)), ReplicaAck.class, timeout).thenApply(a -> null);
        }

        @Override
        public CompletableFuture<Void> applyHint(String node, String owner, String key, S state, Duration timeout) {
            return call(node, new HintedApply(key, encode(state), owner), ReplicaAck.class, timeout).thenApply(a -> null);
        }

        @Override
        public CompletableFuture<byte[]> forwardPut(String node, CoordinatePut put, Duration timeout) {
            return call(node, put, PutResult.class, timeout).thenApply(PutResult::context);
        }
    }
}
