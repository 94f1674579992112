package io.replicalab.leaderless;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replicalab.api.FaultControl;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.leaderless.antientropy.AntiEntropy;
import io.replicalab.leaderless.conflict.ConflictModel;
import io.replicalab.leaderless.coordinator.Coordinator;
import io.replicalab.leaderless.coordinator.ReplicaTransport;
import io.replicalab.node.applylog.ApplyLogEntry;
import io.replicalab.leaderless.replica.ByteBufs;
import io.replicalab.leaderless.replica.ReplicaStore;
import io.replicalab.leaderless.ring.HashRing;
import io.replicalab.leaderless.version.WriteTimestamps;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import io.replicalab.leaderless.coordinator.HintPolicy;
import io.replicalab.leaderless.coordinator.Liveness;
import io.replicalab.leaderless.membership.Gossiper;
import io.replicalab.leaderless.membership.MembershipView;
import io.replicalab.leaderless.membership.NodeState;
import io.replicalab.leaderless.membership.PhiAccrualFailureDetector;
import io.replicalab.leaderless.replica.HintReplayer;
import io.replicalab.leaderless.replica.HintStore;
import io.replicalab.leaderless.wire.LeaderlessMessages.HintedApply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica process of the leaderless backend: the node runtime, this replica's store, and the
 * handlers through which it serves as a replica (read, merge) and as a coordinator (client get/put).
 */
public final class LeaderlessNode<S> implements ReplicaServer {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderlessNode.class);
    private final NodeRuntime runtime;
    private final LeaderlessOptions options;
    private final ReplicaStore<S> store;
    private final Coordinator<S> coordinator;
    private final HintStore<S> hints;
    private final MembershipView membership;
    private final ScheduledExecutorService gossipThread;
    private final ScheduledExecutorService backgroundThread;
    private final Gossiper gossiper;
    private final HintReplayer<S> hintReplayer;
    private final AntiEntropy<S> antiEntropy;

    private LeaderlessNode(NodeRuntime runtime, LeaderlessOptions options, ConflictModel<S> model) {
        this.runtime = runtime;
        this.options = options;
        WriteTimestamps timestamps = new WriteTimestamps(runtime.clock());
        this.store = new ReplicaStore<>(runtime.storage(), model, runtime.clock(), timestamps);
        this.hints = new HintStore<>(runtime.storage(), model, options.maxHintsPerNode());
        ClusterSpec spec = runtime.cluster();
        List<String> nodeIds = spec.nodes().stream().map(NodeSpec::id).toList();
        int n = spec.replication().factorOr(nodeIds.size());
        String self = runtime.nodeId();
        String actor = self + "." + runtime.dataDir().incarnation();

        // Tolerate five missed rounds before suspicion builds: a GC pause or a busy 2-core machine
        // must not make live replicas look dead (false suspicion sends writes to stand-ins needlessly).
        int interval = options.gossipIntervalMs();
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector(new PhiAccrualFailureDetector.Config(
                options.phiThreshold(), 1000, Math.max(1, interval / 2), 5L * interval, interval));
        this.membership = new MembershipView(self, new NodeState(runtime.dataDir().incarnation(), System.currentTimeMillis(), 0),
                detector, event -> LOG.info("{}: {} {} (incarnation {})", self, event.node(),
                        event.change().name().toLowerCase(Locale.ROOT), event.state().incarnation()),
                monotonicMillis(), 10L * options.gossipIntervalMs());
        Liveness liveness = new Liveness() {
            @Override
            public boolean isAlive(String node) {
                return membership.isAlive(node, monotonicMillis());
            }

            @Override
            public long downForMillis(String node) {
                return membership.downForMillis(node, monotonicMillis());
            }
        };
        Transport transport = new Transport();
        Duration requestTimeout = spec.rpc().requestTimeout();
        HashRing ring = new HashRing(nodeIds, options.vnodes());
        this.coordinator = new Coordinator<>(self, actor, n, ring, store, model,
                transport, Coordinator.ReadRepair.valueOf(options.readRepair().toUpperCase(Locale.ROOT)),
                timestamps::next, liveness,
                new HintPolicy(options.hintedHandoff(), Duration.ofMillis(options.hintWindowMs())));
        runtime.rpc().handle(ReplicaRead.class, (from, q) -> CompletableFuture.completedFuture(
                new ReplicaState(encode(store.read(q.key())))));
        runtime.rpc().handle(ReplicaApply.class, (from, q) -> store.merge(q.key(), decode(q.state()))
                .thenApply(s -> new ReplicaAck(true)));
        runtime.rpc().handle(HintedApply.class, (from, q) -> hints.add(q.owner(), q.key(), decode(q.state()))
                .thenApply(v -> new ReplicaAck(true)));
        runtime.rpc().handle(CoordinatePut.class, (from, q) -> coordinator.put(q).thenApply(PutResult::new));
        runtime.rpc().handle(CoordinateGet.class, (from, q) -> coordinator
                .get(q.key(), q.r(), Duration.ofMillis(q.timeoutMillis()))
                .thenApply(s -> new GetResult(encode(s))));

        // Gossip gets a thread of its own: a slow repair pass must never delay heartbeats.
        this.gossipThread = Executors.newSingleThreadScheduledExecutor(daemon("gossip-" + self));
        this.backgroundThread = Executors.newSingleThreadScheduledExecutor(daemon("repair-" + self));
        List<String> peers = nodeIds.stream().filter(id -> !id.equals(self)).toList();
        this.gossiper = new Gossiper(runtime, membership, peers, Duration.ofMillis(options.gossipIntervalMs()),
                gossipThread, LeaderlessNode::monotonicMillis);
        this.hintReplayer = new HintReplayer<>(hints, transport, liveness, Duration.ofMillis(options.hintReplayIntervalMs()),
                requestTimeout, backgroundThread);
        this.antiEntropy = new AntiEntropy<>(runtime, store, ring, n, options.merkleDepth(), peers, liveness,
                Duration.ofMillis(options.antiEntropyIntervalMs()), requestTimeout, backgroundThread);

        runtime.addAdminResource("apply-log", q -> store.applyLog(Long.parseLong(q.getOrDefault("from", "0"))));
        runtime.addStatus("conflicts", model::name);
        runtime.addStatus("read-repairs", coordinator::readRepairs);
        runtime.addStatus("hints-stored", hints::stored);
        runtime.addStatus("hints-replayed", hints::replayed);
        runtime.addStatus("hints-corrupt", hints::corrupt);
        runtime.addStatus("anti-entropy-exchanges", antiEntropy::exchanges);
        runtime.addStatus("anti-entropy-keys-repaired", antiEntropy::keysRepaired);
        runtime.addStatus("alive", () -> nodeIds.stream().filter(liveness::isAlive).toList());
    }

    static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
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

    public AntiEntropy<S> antiEntropy() {
        return antiEntropy;
    }

    public HintStore<S> hints() {
        return hints;
    }

    public boolean sees(String node, boolean alive) {
        return membership.isAlive(node, monotonicMillis()) == alive;
    }

    @Override
    public void close() {
        gossiper.close();
        hintReplayer.close();
        antiEntropy.close();
        gossipThread.shutdownNow();
        backgroundThread.shutdownNow();
        try {
            // Let a round that is mid-flight finish before the RPC client it uses goes away.
            gossipThread.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
            backgroundThread.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
    }

    private byte[] encode(S state) {
        return store.model().toBytes(state);
    }

    private S decode(byte[] bytes) {
        return store.model().fromBytes(bytes);
    }

    /** Local replica calls go straight to the store; the others through the node's RPC client. */
    private final class Transport implements ReplicaTransport<S> {
        @Override
        public CompletableFuture<S> read(String node, String key, Duration timeout) {
            if (node.equals(runtime.nodeId())) {
                try {
                    return CompletableFuture.completedFuture(store.read(key)); // a local RocksDB get: no hop
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
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
        public CompletableFuture<Void> applyHint(String node, String owner, String key, S state, Duration timeout) {
            if (node.equals(runtime.nodeId())) {
                return hints.add(owner, key, state);
            }
            return runtime.callPeer(node, new HintedApply(key, encode(state), owner), ReplicaAck.class, timeout)
                    .thenApply(a -> null);
        }

        @Override
        public CompletableFuture<byte[]> forwardPut(String node, CoordinatePut put, Duration timeout) {
            return runtime.callPeer(node, put, PutResult.class, timeout).thenApply(PutResult::context);
        }
    }
}
