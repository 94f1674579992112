package io.replicalab.leaderless;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replicalab.api.FaultControl;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.leaderless.conflict.ConflictModel;
import io.replicalab.leaderless.coordinator.Coordinator;
import io.replicalab.leaderless.coordinator.ReplicaTransport;
import io.replicalab.leaderless.replica.ApplyLogEntry;
import io.replicalab.leaderless.replica.ByteBufs;
import io.replicalab.leaderless.replica.ReplicaStore;
import io.replicalab.leaderless.ring.HashRing;
import io.replicalab.leaderless.wire.LeaderlessMessages;
import io.replicalab.leaderless.wire.LeaderlessMessages.CoordinateGet;
import io.replicalab.leaderless.wire.LeaderlessMessages.CoordinatePut;
import io.replicalab.leaderless.wire.LeaderlessMessages.GetResult;
import io.replicalab.leaderless.wire.LeaderlessMessages.PutResult;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaAck;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaApply;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaRead;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaState;
import io.replicalab.node.NodeRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One replica process of the leaderless backend: the node runtime, this replica's store, and the
 * handlers through which it serves as a replica (read, merge) and as a coordinator (client get/put).
 */
public final class LeaderlessNode<S> implements ReplicaServer {
    private final NodeRuntime runtime;
    private final LeaderlessOptions options;
    private final ReplicaStore<S> store;
    private final Coordinator<S> coordinator;

    private LeaderlessNode(NodeRuntime runtime, LeaderlessOptions options, ConflictModel<S> model) {
        this.runtime = runtime;
        this.options = options;
        this.store = new ReplicaStore<>(runtime.storage(), model, runtime.clock());
        ClusterSpec spec = runtime.cluster();
        List<String> nodeIds = spec.nodes().stream().map(NodeSpec::id).toList();
        int n = spec.replication().factorOr(nodeIds.size());
        String actor = runtime.nodeId() + "." + runtime.dataDir().incarnation();
        this.coordinator = new Coordinator<>(runtime.nodeId(), actor, n, new HashRing(nodeIds, options.vnodes()), store,
                new Transport(), Coordinator.ReadRepair.valueOf(options.readRepair().toUpperCase(Locale.ROOT)),
                runtime.clock()::currentTimeMillis);
        runtime.rpc().handle(ReplicaRead.class, (from, q) -> CompletableFuture.completedFuture(
                new ReplicaState(encode(store.read(q.key())))));
        runtime.rpc().handle(ReplicaApply.class, (from, q) -> store.merge(q.key(), decode(q.state()))
                .thenApply(s -> new ReplicaAck(true)));
        runtime.rpc().handle(CoordinatePut.class, (from, q) -> coordinator.put(q).thenApply(PutResult::new));
        runtime.rpc().handle(CoordinateGet.class, (from, q) -> coordinator
                .get(q.key(), q.r(), Duration.ofMillis(q.timeoutMillis()))
                .thenApply(s -> new GetResult(encode(s))));
        runtime.addStatus("conflicts", model::name);
        runtime.addStatus("read-repairs", coordinator::readRepairs);
    }

    public static LeaderlessNode<?> start(ClusterSpec spec, String nodeId) {
        LeaderlessOptions options = LeaderlessOptions.from(spec);
        NodeRuntime runtime = NodeRuntime.start(spec, nodeId, LeaderlessBackend.NAME, LeaderlessMessages.registry());
        try {
            return new LeaderlessNode<>(runtime, options, options.conflictModel());
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    @Override
    public String nodeId() {
        return runtime.nodeId();
    }

    @Override
    public FaultControl faults() {
        return runtime.faults();
    }

    public NodeRuntime runtime() {
        return runtime;
    }

    public ReplicaStore<S> store() {
        return store;
    }

    public long readRepairs() {
        return coordinator.readRepairs();
    }

    /** This replica's apply log (see {@link ApplyLogEntry}). */
    public List<ApplyLogEntry> applyLog() {
        return store.applyLog(0);
    }

    @Override
    public void close() {
        runtime.close();
    }

    private byte[] encode(S state) {
        ByteBuf out = Unpooled.buffer();
        store.model().encode(state, out);
        return ByteBufs.toArray(out);
    }

    private S decode(byte[] bytes) {
        return store.model().decode(Unpooled.wrappedBuffer(bytes));
    }

    /** Local replica calls go straight to the store; the others through the node's RPC client. */
    private final class Transport implements ReplicaTransport<S> {
        @Override
        public CompletableFuture<S> read(String node, String key, Duration timeout) {
            if (node.equals(runtime.nodeId())) {
                return CompletableFuture.supplyAsync(() -> store.read(key));
            }
            return runtime.callPeer(node, new ReplicaRead(key), ReplicaState.class, timeout).thenApply(s -> decode(s.state()));
        }

        @Override
        public CompletableFuture<Void> apply(String node, String key, S state, Duration timeout) {
            if (node.equals(runtime.nodeId())) {
                return store.merge(key, state).thenApply(s -> null);
            }
            return runtime.callPeer(node, new ReplicaApply(key, encode(state)), ReplicaAck.class, timeout).thenApply(a -> null);
        }

        @Override
        public CompletableFuture<byte[]> forwardPut(String node, CoordinatePut put, Duration timeout) {
            return runtime.callPeer(node, put, PutResult.class, timeout).thenApply(PutResult::context);
        }
    }
}
