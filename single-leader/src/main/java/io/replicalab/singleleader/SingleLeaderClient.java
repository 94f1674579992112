package io.replicalab.singleleader;

import io.replicalab.api.CausalContext;
import io.replicalab.api.Consistency;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvClient;
import io.replicalab.api.Outcome;
import io.replicalab.api.Precondition;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.UnavailableException;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.node.rpc.LinkFaults;
import io.replicalab.node.rpc.PeerUnreachableException;
import io.replicalab.node.rpc.RpcClient;
import io.replicalab.node.rpc.RpcClientOptions;
import io.replicalab.singleleader.wire.SingleLeaderMessages;
import io.replicalab.singleleader.wire.SingleLeaderMessages.Check;
import io.replicalab.singleleader.wire.SingleLeaderMessages.ClientRead;
import io.replicalab.singleleader.wire.SingleLeaderMessages.ClientWrite;
import io.replicalab.singleleader.wire.SingleLeaderMessages.ReadReply;
import io.replicalab.singleleader.wire.SingleLeaderMessages.WriteReply;
import io.replicalab.singleleader.wire.SingleLeaderMessages.WriteStatus;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link KvClient} of the single-leader backend. Writes and default reads go to the primary, found by
 * redirect: any node answers {@code NOT_PRIMARY} with the primary it knows of, and the client follows
 * it. A node that refuses the connection or knows no primary is skipped (the request was not applied,
 * so another try is safe) until the deadline; then the operation fails as unavailable. A timeout or a
 * lost connection after sending ends the operation at once with an unknown outcome ({@code info}).
 *
 * <p>Reads: {@code DEFAULT}/{@code LINEARIZABLE} from the primary's state; {@code STALE} from the named
 * replica's (or a random node's), which shows replication lag. The primary's reads are not fenced: a
 * deposed primary that has not learned it yet still answers (see docs/decisions.md).
 * Versions are log positions (epoch, index), 16 bytes of context.
 */
public final class SingleLeaderClient implements KvClient {
    /** Pause before trying again while no node names a primary (an election is under way). */
    private static final Duration NO_PRIMARY_PAUSE = Duration.ofMillis(50);
    /** The least time left for which another attempt is still sent. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(50);

    private final ClusterSpec spec;
    private final List<NodeSpec> nodes;
    private final Map<String, InetSocketAddress> addresses;
    private final RpcClient rpc;
    private volatile String primaryGuess;

    public SingleLeaderClient(ClusterSpec spec) {
        this(spec, spec.nodes().get(0).id());
    }

    /** A client that sends its first request to {@code firstGuess} (tests pin a client to a primary this way). */
    SingleLeaderClient(ClusterSpec spec, String firstGuess) {
        this.spec = spec;
        this.nodes = spec.nodes();
        this.addresses = nodes.stream().collect(Collectors.toMap(NodeSpec::id, n -> new InetSocketAddress(n.host(), n.port())));
        String id = "client-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);
        this.rpc = new RpcClient(id, SingleLeaderMessages.registry(), new LinkFaults(), new RpcClientOptions(
                spec.rpc().maxFrameBytes(), spec.rpc().connectTimeout(), spec.rpc().requestTimeout()));
        this.primaryGuess = spec.requireNode(firstGuess).id();
    }

    @Override
    public CompletionStage<Versioned<byte[]>> get(String key, ReadOptions options) {
        try {
            checkKey(key);
            Duration timeout = options.timeoutIfSet().orElse(spec.rpc().requestTimeout());
            if (options.consistency() == Consistency.STALE) {
                String node = options.replica() == null ? nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())).id()
                        : spec.requireNode(options.replica()).id();
                return rpc.call(node, addresses.get(node), new ClientRead(key, true), ReadReply.class, timeout)
                        .thenApply(r -> versioned(r).withServedBy(node));
            }
            if (options.consistency() != Consistency.DEFAULT && options.consistency() != Consistency.LINEARIZABLE) {
                throw new InvalidRequestException("consistency " + options.consistency() + " has no meaning for "
                        + "single-leader reads: use the default (the primary) or stale (one replica's state)");
            }
            return route(new ClientRead(key, false), ReadReply.class, timeout, ReadReply::status, ReadReply::primary)
                    .thenApply(a -> versioned(a.reply()).withServedBy(a.node()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<CausalContext> put(String key, byte[] value, CausalContext context, WriteOptions options) {
        if (value == null) {
            return CompletableFuture.failedFuture(new InvalidRequestException("value is null: use delete to remove a key"));
        }
        return write(new ClientWrite(key, value, Check.NONE, null), options)
                .thenApply(a -> CausalContext.of(SingleLeaderNode.version(a.reply().epoch(), a.reply().index()))
                        .withServedBy(a.node()));
    }

    @Override
    public CompletionStage<Void> delete(String key, CausalContext context, WriteOptions options) {
        return write(new ClientWrite(key, null, Check.NONE, null), options).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Boolean> compareAndSet(String key, Precondition expected, byte[] newValue, WriteOptions options) {
        ClientWrite w;
        if (newValue == null) {
            return CompletableFuture.failedFuture(new InvalidRequestException("value is null: a compare-and-set writes a value"));
        }
        if (expected instanceof Precondition.Absent) {
            w = new ClientWrite(key, newValue, Check.ABSENT, null);
        } else if (expected instanceof Precondition.ValueEquals v) {
            w = new ClientWrite(key, newValue, Check.VALUE_EQUALS, v.expected());
        } else if (expected instanceof Precondition.VersionEquals v) {
            byte[] version = v.expected().toBytes();
            if (version.length != 16) {
                return CompletableFuture.failedFuture(new InvalidRequestException("causal context " + v.expected()
                        + " is not a single-leader version: pass the context a single-leader read returned"));
            }
            w = new ClientWrite(key, newValue, Check.VERSION_EQUALS, version);
        } else {
            return CompletableFuture.failedFuture(new InvalidRequestException("unsupported precondition " + expected));
        }
        return write(w, options).thenApply(a -> a.reply().status() == WriteStatus.OK);
    }

    /** A reply and the node that sent it (the primary, unless a stale read named a replica). */
    private record Answer<R>(R reply, String node) {
    }

    private CompletableFuture<Answer<WriteReply>> write(ClientWrite w, WriteOptions options) {
        try {
            checkKey(w.key());
            int maxValue = spec.rpc().maxValueBytes();
            if (w.value() != null && w.value().length > maxValue) {
                throw new InvalidRequestException("value of " + w.value().length + " bytes is over rpc.max-value-bytes="
                        + maxValue + ": store smaller values or raise the limit");
            }
            if (options.consistency() != Consistency.DEFAULT && options.consistency() != Consistency.LINEARIZABLE) {
                throw new InvalidRequestException("consistency " + options.consistency() + " has no meaning for "
                        + "single-leader writes: when a write is acknowledged is single-leader.mode in the config");
            }
            return route(w, WriteReply.class, options.timeoutIfSet().orElse(spec.rpc().requestTimeout()),
                    WriteReply::status, WriteReply::primary);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sends {@code request} to the primary, following redirects and skipping unreachable nodes until the deadline. */
    private <R> CompletableFuture<Answer<R>> route(Object request, Class<R> type, Duration timeout, Function<R, WriteStatus> status,
                                           Function<R, String> primary) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return attempt(request, type, primaryGuess, deadline, 0, status, primary);
    }

    private <R> CompletableFuture<Answer<R>> attempt(Object request, Class<R> type, String node, long deadline, int tries,
                                             Function<R, WriteStatus> status, Function<R, String> primary) {
        long left = deadline - System.nanoTime();
        // Too little time left for an answer: sending now would only turn a clean "no primary" into "unknown".
        if (left <= 0 || (tries > 0 && left <= MIN_ATTEMPT.toNanos())) {
            return CompletableFuture.failedFuture(new UnavailableException("no primary of cluster " + spec.name()
                    + " took the request within the timeout (" + tries + " tries); it was not applied"));
        }
        return rpc.call(node, addresses.get(node), request, type, Duration.ofNanos(left)).handle((reply, error) -> {
            if (error == null && status.apply(reply) != WriteStatus.NOT_PRIMARY) {
                primaryGuess = node;
                return CompletableFuture.completedFuture(new Answer<>(reply, node));
            }
            Throwable cause = error == null ? null : Outcome.unwrap(error);
            if (cause != null && !(cause instanceof PeerUnreachableException) && !(cause instanceof UnavailableException)) {
                return CompletableFuture.<Answer<R>>failedFuture(cause); // may have been applied: unknown outcome
            }
            String hint = error == null ? primary.apply(reply) : "";
            if (hint != null && !hint.isEmpty() && !hint.equals(node) && addresses.containsKey(hint)) {
                return attempt(request, type, hint, deadline, tries + 1, status, primary);
            }
            String next = nodes.get(Math.floorMod(indexOf(node) + 1, nodes.size())).id();
            Duration pause = (tries + 1) % nodes.size() == 0 ? NO_PRIMARY_PAUSE : Duration.ZERO;
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS))
                    .thenCompose(x -> attempt(request, type, next, deadline, tries + 1, status, primary));
        }).thenCompose(f -> f);
    }

    private int indexOf(String node) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id().equals(node)) {
                return i;
            }
        }
        return 0;
    }

    private static Versioned<byte[]> versioned(ReadReply r) {
        if (r.value() == null) {
            return Versioned.absent(CausalContext.EMPTY);
        }
        return Versioned.of(r.value(), CausalContext.of(SingleLeaderNode.version(r.epoch(), r.index())));
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidRequestException("the key is empty: use a non-empty key");
        }
    }

    @Override
    public void close() {
        rpc.close();
    }
}
