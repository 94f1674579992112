package io.replicalab.leaderless;

import io.netty.buffer.Unpooled;
import io.replicalab.api.CausalContext;
import io.replicalab.api.Consistency;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvClient;
import io.replicalab.api.Precondition;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.UnavailableException;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.leaderless.conflict.ConflictModel;
import io.replicalab.leaderless.wire.LeaderlessMessages;
import io.replicalab.leaderless.wire.LeaderlessMessages.CoordinateGet;
import io.replicalab.leaderless.wire.LeaderlessMessages.CoordinatePut;
import io.replicalab.leaderless.wire.LeaderlessMessages.GetResult;
import io.replicalab.leaderless.wire.LeaderlessMessages.PutResult;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaRead;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaState;
import io.replicalab.node.rpc.LinkFaults;
import io.replicalab.node.rpc.PeerUnreachableException;
import io.replicalab.node.rpc.RpcClient;
import io.replicalab.node.rpc.RpcClientOptions;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The leaderless backend's {@link KvClient}. With {@code fan-out: coordinator} it sends each request to
 * one node of the cluster, which coordinates it (Cassandra style); with {@code fan-out: client} a
 * {@link ClientRouter} talks to the replicas itself. Coordinators are taken round-robin or at random; a node that
 * cannot be connected to is skipped (the request never left, so trying another is safe), while a
 * coordinator that dies after receiving the request leaves the outcome unknown and is reported so.
 */
public final class LeaderlessClient implements KvClient {
    /** Extra time over the request timeout, so the coordinator's own verdict normally arrives first. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final ClusterSpec spec;
    private final LeaderlessOptions options;
    private final ConflictModel<?> model;
    private final List<NodeSpec> nodes;
    private final int n;
    private final RpcClient rpc;
    private final AtomicInteger next = new AtomicInteger();
    private final ClientRouter<?> router;

    public LeaderlessClient(ClusterSpec spec) {
        this.spec = spec;
        this.options = LeaderlessOptions.from(spec);
        this.model = options.conflictModel();
        this.nodes = spec.nodes();
        this.n = spec.replication().factorOr(nodes.size());
        String id = "client-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);
        this.rpc = new RpcClient(id, LeaderlessMessages.registry(), new LinkFaults(), new RpcClientOptions(
                spec.rpc().maxFrameBytes(), spec.rpc().connectTimeout(), spec.rpc().requestTimeout()));
        this.router = options.clientFanOut() ? new ClientRouter<>(spec, options, model, rpc, io.replicalab.api.Clock.system()) : null;
    }

    @Override
    public CompletionStage<Versioned<byte[]>> get(String key, ReadOptions options) {
        try {
            Duration timeout = options.timeoutIfSet().orElse(spec.rpc().requestTimeout());
            if (options.consistency() == Consistency.STALE) {
                NodeSpec node = replicaNamed(options.replica());
                return rpc.call(node.id(), address(node), new ReplicaRead(key), ReplicaState.class, timeout)
                        .thenApply(s -> read(s.state()).withServedBy(node.id()));
            }
            if (options.consistency() == Consistency.LINEARIZABLE) {
                throw new InvalidRequestException("the leaderless backend has no linearizable reads: use QUORUM or ALL "
                        + "(with W chosen so R + W > N), or the raft backend");
            }
            int r = options.requiredReplicas(spec.replication().readQuorumOr(n), n);
            checkKey(key);
            if (router != null) {
                return router.get(key, r, timeout);
            }
            CoordinateGet request = new CoordinateGet(key, r, timeout.toMillis());
            return viaCoordinator(request, GetResult.class, timeout)
                    .thenApply(g -> read(g.reply().state()).withServedBy(g.node()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<CausalContext> put(String key, byte[] value, CausalContext context, WriteOptions options) {
        if (value == null) {
            return CompletableFuture.failedFuture(new InvalidRequestException("value is null: use delete to remove a key"));
        }
        return write(key, value, context, options).thenApply(w -> CausalContext.of(w.reply()).withServedBy(w.node()));
    }

    @Override
    public CompletionStage<Void> delete(String key, CausalContext context, WriteOptions options) {
        return write(key, null, context, options).thenApply(c -> null);
    }

    @Override
    public CompletionStage<Boolean> compareAndSet(String key, Precondition expected, byte[] newValue, WriteOptions options) {
        return CompletableFuture.failedFuture(new InvalidRequestException("the leaderless backend has no compare-and-set "
                + "(quorums cannot make a read-then-write atomic): put with the context of a get, or use the raft backend"));
    }

    /** An answer and the node that sent it (the coordinator; null when the client fanned out itself). */
    private record Answer<R>(R reply, String node) {
    }

    private CompletableFuture<Answer<byte[]>> write(String key, byte[] value, CausalContext context, WriteOptions options) {
        try {
            checkKey(key);
            int maxValue = spec.rpc().maxValueBytes();
            if (value != null && value.length > maxValue) {
                throw new InvalidRequestException("value of " + value.length + " bytes is over rpc.max-value-bytes="
                        + maxValue + ": store smaller values or raise the limit");
            }
            int w = options.requiredReplicas(spec.replication().writeQuorumOr(n), n);
            Duration timeout = options.timeoutIfSet().orElse(spec.rpc().requestTimeout());
            CoordinatePut request = new CoordinatePut(key, value, context.toBytes(), w, timeout.toMillis());
            if (router != null) {
                return router.put(request).thenApply(c -> new Answer<>(c, null));
            }
            return viaCoordinator(request, PutResult.class, timeout).thenApply(p -> new Answer<>(p.reply().context(), p.node()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sends to a chosen coordinator, moving on to the next node only while nodes refuse connections. */
    private <R> CompletableFuture<Answer<R>> viaCoordinator(Object request, Class<R> answer, Duration timeout) {
        int start = options.coordinatorChoice().equals("random") ? ThreadLocalRandom.current().nextInt(nodes.size())
                : Math.floorMod(next.getAndIncrement(), nodes.size());
        return attempt(request, answer, timeout.plus(GRACE), start, 0);
    }

    private <R> CompletableFuture<Answer<R>> attempt(Object request, Class<R> answer, Duration timeout, int start, int tried) {
        if (tried == nodes.size()) {
            return CompletableFuture.failedFuture(new UnavailableException("no node of cluster " + spec.name()
                    + " accepts connections: start the nodes or check the addresses in the config"));
        }
        NodeSpec node = nodes.get((start + tried) % nodes.size());
        return rpc.call(node.id(), address(node), request, answer, timeout).handle((r, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof PeerUnreachableException) {
                return attempt(request, answer, timeout, start, tried + 1);
            }
            return cause == null ? CompletableFuture.completedFuture(new Answer<>(r, node.id()))
                    : CompletableFuture.<Answer<R>>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private Versioned<byte[]> read(byte[] state) {
        return readAs(model, state);
    }

    private static <S> Versioned<byte[]> readAs(ConflictModel<S> model, byte[] state) {
        return model.read(model.fromBytes(state));
    }

    private NodeSpec replicaNamed(String id) {
        if (id == null) {
            throw new InvalidRequestException("a STALE read names the replica to read: ReadOptions.stale(nodeId)");
        }
        return nodes.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> new InvalidRequestException(
                "replica '" + id + "' is not a node of cluster " + spec.name()));
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidRequestException("the key is empty: use a non-empty key");
        }
    }

    private static InetSocketAddress address(NodeSpec node) {
        return new InetSocketAddress(node.host(), node.port());
    }

    @Override
    public void close() {
        rpc.close();
    }
}
