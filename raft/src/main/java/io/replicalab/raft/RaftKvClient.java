package io.replicalab.raft;

import io.replicalab.api.CausalContext;
import io.replicalab.api.Consistency;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvClient;
import io.replicalab.api.KvException;
import io.replicalab.api.OperationTimeoutException;
import io.replicalab.api.Precondition;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.UnavailableException;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import io.replicalab.api.AdjustableClock;
import io.replicalab.api.FaultControl;
import io.replicalab.node.LocalFaultControl;
import io.replicalab.node.rpc.LinkFaults;
import org.apache.ratis.client.ClientFactory;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.rpc.SupportedRpcType;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.impl.RaftClientImpl;
import org.apache.ratis.client.impl.UnorderedAsync;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KvClient} of the Raft backend over a Ratis {@link RaftClient} (gRPC, async API).
 *
 * <p><b>Retries and timeouts.</b> Ratis finds the leader and follows its redirections itself; its retry
 * policy here is bounded ({@code client-max-attempts} attempts, {@code client-retry-sleep-ms} apart, each
 * attempt waiting at most {@code client-attempt-timeout-ms}). On top, every request has a hard deadline:
 * {@link WriteOptions#timeout()}/{@link ReadOptions#timeout()}, else {@code rpc.request-timeout-ms}.
 * A write that does not end in a reply by then, or whose retries run out, completes with
 * {@link OperationTimeoutException} (outcome {@code info}): it may have been appended by a leader and
 * committed later, so it is never reported as failed. A read that fails is {@link UnavailableException}
 * ({@code fail}: a read changes nothing), except a timeout, which is {@link OperationTimeoutException}.
 *
 * <p><b>Consistency levels.</b> Reads: {@code DEFAULT} and {@code LINEARIZABLE} go through the leader, as Raft
 * entries ({@code linearizable-reads: log}, the default) or as ReadIndex reads ({@code read-index}); {@code STALE} reads the local state of {@link ReadOptions#replica()} (a random
 * node when null), which may be behind. Writes: {@code DEFAULT}, {@code LINEARIZABLE} and {@code QUORUM}
 * all mean "committed on a majority", which is what Raft does. Replica counts ({@code ONE}, {@code ALL},
 * explicit R/W) and {@code QUORUM} reads have no meaning in Raft and are <em>rejected</em> with
 * {@link InvalidRequestException} rather than silently mapped to something else.
 *
 * <p><b>Versions.</b> A key's version is the Raft log index of its last write; the causal context of a
 * read or write is that index as 8 bytes. Writes ignore the context (Raft orders them totally); use
 * {@link #compareAndSet} with {@link Precondition#versionEquals} for a conditional write.
 */
public final class RaftKvClient implements KvClient {
    private static final Logger LOG = LoggerFactory.getLogger(RaftKvClient.class);
    private static final AtomicInteger IDS = new AtomicInteger();

    private final ClusterSpec spec;
    private final List<NodeSpec> nodes;
    private final String id;
    private final List<RaftClient> clients;
    private final AtomicInteger next = new AtomicInteger();
    private final LinkFaults linkFaults = new LinkFaults();
    private final LocalFaultControl faults;
    private final Duration defaultTimeout;
    /** Threads of the blocking Ratis calls (writes and stale reads), one per call in flight. */
    private final ExecutorService blockingCalls = daemonPool("raft-client-call", 0, true);
    /**
     * Completions run here, never on a Ratis reply thread, so a slow continuation cannot stall Ratis; continuations
     * must not block. These are this client's own threads too, so a completion that arrives on one runs inline.
     */
    private final ExecutorService callbacks = daemonPool("raft-client-callback", 2, true);
    /**
     * Where completions run: inline on this client's own threads (blocking calls and callbacks: nothing of Ratis
     * waits for them; one thread hop less per write), on {@link #callbacks} from anywhere else (Ratis's gRPC
     * threads, the JDK's timeout thread).
     */
    private final java.util.concurrent.Executor completions = task -> {
        if (Thread.currentThread() instanceof CallThread) {
            task.run();
        } else {
            callbacks.execute(task);
        }
    };
    private final RequestBatcher writes;
    /**
     * Sends one linearizable read request (a get or a multi-get): as a Raft entry ({@link #sendWrite}, {@code
     * linearizable-reads: log}) or as a ReadIndex read ({@link #sendLinearizableRead}).
     */
    private final Function<byte[], CompletableFuture<KvCodec.Reply[]>> linearizableRead;
    /** Linearizable gets, or null with {@code read-batching: false} (each get its own request). */
    private final RequestBatcher reads;
    private final boolean asyncWrites;

    /** A client of the whole cluster. */
    public RaftKvClient(ClusterSpec spec) {
        this(spec, spec.nodes());
    }

    /**
     * A client that knows only {@code nodes} (e.g. one node, to pin requests to it). Ratis may still be
     * redirected by such a node to a leader it names.
     */
    public RaftKvClient(ClusterSpec spec, List<NodeSpec> nodes) {
        this(spec, nodes, "client-" + IDS.incrementAndGet());
    }

    /**
     * @param id this client's name in link faults: {@code faults().blockLink(id, "n1")} cuts its requests to n1
     */
    public RaftKvClient(ClusterSpec spec, List<NodeSpec> nodes, String id) {
        this.spec = spec;
        this.nodes = List.copyOf(nodes);
        this.id = id;
        this.faults = new LocalFaultControl(id, linkFaults, AdjustableClock.system());
        RaftOptions options = RaftOptions.from(spec);
        RaftProperties props = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(props,
                TimeDuration.valueOf(options.clientAttemptTimeoutMs(), TimeUnit.MILLISECONDS));
        List<RaftClient> pool = new ArrayList<>();
        for (int i = 0; i < options.clientPoolSize(); i++) {
            ClientId clientId = ClientId.randomId();
            RaftClientRpc rpc = new ClientLinkFaultRpc(
                    ClientFactory.cast(SupportedRpcType.GRPC.newFactory(new Parameters())).newRaftClientRpc(clientId, props),
                    id, linkFaults, options.clientAttemptTimeout());
            pool.add(RaftClient.newBuilder()
                    .setClientId(clientId)
                    .setClientRpc(rpc)
                    .setProperties(props)
                    .setRaftGroup(RaftGroups.group(spec, this.nodes))
                    .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(options.clientMaxAttempts(),
                            TimeDuration.valueOf(options.clientRetrySleepMs(), TimeUnit.MILLISECONDS)))
                    .build());
        }
        this.clients = List.copyOf(pool);
        this.asyncWrites = options.asyncWrites();
        this.writes = RequestBatcher.forWrites(this::sendWrite, options.clientBatchesInFlight(), options.clientBatchMaxOps());
        this.linearizableRead = options.readsThroughLog() ? this::sendWrite : this::sendLinearizableRead;
        this.reads = options.readBatching()
                ? RequestBatcher.forReads(linearizableRead, options.readBatchesInFlight(), options.clientBatchMaxOps())
                : null;
        this.defaultTimeout = spec.rpc().requestTimeout();
    }

    /** This client's name in link faults. */
    public String id() {
        return id;
    }

    /**
     * The faults of this client's own links ({@code id() -> node} and {@code node -> id()}): Ratis's
     * server hooks cannot see client traffic, so the client enforces them (see {@link ClientLinkFaultRpc}).
     * The clock offset of this control has no effect.
     */
    public FaultControl faults() {
        return faults;
    }

    private RaftClient client() {
        return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
    }

    /** A thread of this client's own (blocking Ratis calls and callbacks): completions run inline on it. */
    private static final class CallThread extends Thread {
        CallThread(Runnable r, String name) {
            super(r, name);
        }
    }

    private static ExecutorService daemonPool(String name, int threads, boolean callThreads) {
        java.util.concurrent.ThreadFactory factory = r -> {
            Thread t = callThreads ? new CallThread(r, name) : new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
        return threads == 0 ? Executors.newCachedThreadPool(factory) : Executors.newFixedThreadPool(threads, factory);
    }

    /**
     * A get. Linearizable gets go through the read {@link RequestBatcher} (unless {@code read-batching: false}): gets
     * issued while a read request is outstanding leave together as one multi-get, one Raft entry or one ReadIndex
     * round for all. Each
     * get keeps its own deadline and outcome: a batch that fails or times out gives each of its gets what a lone get
     * gets ({@link #finish}), and {@code servedBy} is the server that answered the request carrying it.
     */
    @Override
    public CompletionStage<Versioned<byte[]>> get(String key, ReadOptions options) {
        CompletableFuture<KvCodec.Reply> call;
        try {
            checkKey(key);
            byte[] query = KvCodec.get(key);
            call = switch (options.consistency()) {
                case DEFAULT, LINEARIZABLE -> reads != null ? reads.submit(key, query) : single(linearizableRead.apply(query));
                case STALE -> single(staleRead(query, staleReplica(options.replica())));
                default -> throw new InvalidRequestException("consistency " + options.consistency()
                        + " has no meaning for raft reads: use linearizable (the default) or stale");
            };
        } catch (KvException e) {
            return CompletableFuture.failedFuture(e);
        }
        return finish(call, timeout(options.timeout()), false, "get " + key, r -> {
            if (r.status() == KvCodec.ABSENT) {
                return Versioned.<byte[]>absent(CausalContext.EMPTY.withServedBy(r.servedBy()));
            }
            return Versioned.of(r.value(), CausalContext.of(KvCodec.versionBytes(r.version())).withServedBy(r.servedBy()));
        });
    }

    /** The one reply of a request that carried one get. */
    private static CompletableFuture<KvCodec.Reply> single(CompletableFuture<KvCodec.Reply[]> call) {
        return call.thenApply(replies -> replies[0]);
    }

    /**
     * Sends one linearizable read request (a get or a multi-get) as a ReadIndex read through Ratis's unordered async
     * API. The reply is moved to this client's own threads before anything else runs, as for async writes (see
     * {@link #sendWrite}): the gets complete, their continuations issue the next gets, and only then is the batch's
     * slot freed, all on one thread, so the next gets leave together.
     */
    private CompletableFuture<KvCodec.Reply[]> sendLinearizableRead(byte[] query) {
        CompletableFuture<RaftClientReply> call = client().async()
                .sendReadOnlyUnordered(Message.valueOf(ByteString.copyFrom(query)))
                .whenCompleteAsync((reply, failure) -> { }, callbacks);
        return replies(query, call);
    }

    @Override
    public CompletionStage<CausalContext> put(String key, byte[] value, CausalContext context, WriteOptions options) {
        try {
            checkWrite(key, value, options);
        } catch (KvException e) {
            return CompletableFuture.failedFuture(e);
        }
        return write(key, KvCodec.put(key, value), options, "put " + key,
                r -> CausalContext.of(KvCodec.versionBytes(r.version())).withServedBy(r.servedBy()));
    }

    @Override
    public CompletionStage<Void> delete(String key, CausalContext context, WriteOptions options) {
        try {
            checkWrite(key, new byte[0], options);
        } catch (KvException e) {
            return CompletableFuture.failedFuture(e);
        }
        return write(key, KvCodec.delete(key), options, "delete " + key, r -> null);
    }

    @Override
    public CompletionStage<Boolean> compareAndSet(String key, Precondition expected, byte[] newValue, WriteOptions options) {
        byte[] command;
        try {
            checkWrite(key, newValue, options);
            if (expected instanceof Precondition.Absent) {
                command = KvCodec.casVersion(key, 0, newValue);
            } else if (expected instanceof Precondition.VersionEquals v) {
                command = KvCodec.casVersion(key, version(v.expected()), newValue);
            } else if (expected instanceof Precondition.ValueEquals v) {
                command = KvCodec.casValue(key, v.expected(), newValue);
            } else {
                throw new InvalidRequestException("unsupported precondition " + expected);
            }
        } catch (KvException e) {
            return CompletableFuture.failedFuture(e);
        }
        return write(key, command, options, "cas " + key, r -> r.status() == KvCodec.OK);
    }

    /**
     * A stale read through the blocking API: the async (ordered) stream of Ratis 3.3.0 left stale reads
     * to a follower unanswered in our tests, the unary call does not.
     */
    private CompletableFuture<KvCodec.Reply[]> staleRead(byte[] query, String replica) {
        RaftClient c = client();
        Message q = Message.valueOf(ByteString.copyFrom(query));
        return replies(query, blocking(() -> c.io().sendStaleRead(q, 0, RaftGroups.peerId(replica))));
    }

    /**
     * A write: queued in the write {@link RequestBatcher}, which sends it alone or with other concurrent writes as one
     * Raft entry through Ratis's blocking API, on a thread of this client. Ratis's async write API is
     * <em>ordered</em>: a sliding window per client releases replies in submission order, so one request
     * being retried holds back every later one, and after a leader kill we saw a window stall for
     * minutes. A blocking call is one independent gRPC stream with its own retries; batching, not a
     * pipelined stream, is what amortizes the per-entry cost.
     */
    private <T> CompletableFuture<T> write(String key, byte[] command, WriteOptions options, String what,
                                           Function<KvCodec.Reply, T> map) {
        return finish(writes.submit(key, command), timeout(options.timeout()), true, what, map);
    }

    /**
     * Sends one (possibly batched) write command; completes with the replies of the writes in it. With
     * {@code client-writes: async} (not the default) through Ratis's <em>unordered</em> async API: each entry is an
     * independent request with its own retries (no sliding window, so nothing waits behind a retried entry) on one
     * long-lived gRPC stream, where a blocking call opens a new stream per entry and needs a thread to wait on.
     */
    private CompletableFuture<KvCodec.Reply[]> sendWrite(byte[] command) {
        RaftClient c = client();
        Message m = Message.valueOf(ByteString.copyFrom(command));
        // An async reply is moved to this client's own threads before anything else runs: then the entry's writes
        // complete, their continuations issue the next writes and only then is the slot freed (see RequestBatcher), all
        // on one thread, so the next writes leave together; and no continuation runs on Ratis's reply thread.
        CompletableFuture<RaftClientReply> call = asyncWrites
                ? UnorderedAsync.send(RaftClientRequest.writeRequestType(), m, null, (RaftClientImpl) c)
                        .whenCompleteAsync((reply, failure) -> { }, callbacks)
                : blocking(() -> c.io().send(m));
        return replies(command, call);
    }

    /**
     * The replies to {@code request} (one per command or get in it), each noting the server that sent the Ratis reply;
     * fails with Ratis's exception when the reply is not a success.
     */
    private static CompletableFuture<KvCodec.Reply[]> replies(byte[] request, CompletableFuture<RaftClientReply> call) {
        return successful(call)
                .thenApply(reply -> {
                    KvCodec.Reply[] replies = RequestBatcher.replies(request, reply.getMessage().getContent().asReadOnlyByteBuffer());
                    String server = servedBy(reply);
                    for (int i = 0; i < replies.length; i++) {
                        replies[i] = replies[i].withServedBy(server);
                    }
                    return replies;
                });
    }

    /** Fails the future with Ratis's exception when the reply is not a success. */
    private static CompletableFuture<RaftClientReply> successful(CompletableFuture<RaftClientReply> call) {
        return call.thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new java.util.concurrent.CompletionException(reply.getException());
            }
            return reply;
        });
    }

    /** The server that sent {@code reply} (the leader, for writes and linearizable reads), as a node id. */
    private static String servedBy(RaftClientReply reply) {
        return reply.getServerId() == null ? null : reply.getServerId().toString();
    }

    private interface RatisCall {
        RaftClientReply call() throws IOException;
    }

    private CompletableFuture<RaftClientReply> blocking(RatisCall call) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return call.call();
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, blockingCalls);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new UnavailableException("the raft client is closed", e));
        }
    }

    private <R, T> CompletableFuture<T> finish(CompletableFuture<R> call, Duration timeout, boolean write,
                                               String what, Function<R, T> onValue) {
        CompletableFuture<T> result = new CompletableFuture<>();
        call.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((value, failure) -> {
            try {
                if (failure == null) {
                    result.complete(onValue.apply(value));
                    return;
                }
                result.completeExceptionally(translate(io.replicalab.api.Outcome.unwrap(failure), write, what, timeout));
            } catch (RuntimeException e) {
                result.completeExceptionally(translate(e, write, what, timeout));
            }
        }, completions);
        return result;
    }

    private static KvException translate(Throwable cause, boolean write, String what, Duration timeout) {
        if (cause instanceof KvException kv) {
            return kv;
        }
        if (cause instanceof StateMachineException sme) {
            // Raised by our state machine before anything was applied (a malformed query).
            return new InvalidRequestException(what + " was rejected by the state machine: " + sme.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return new OperationTimeoutException(what + ": no reply within " + timeout.toMillis() + " ms; outcome unknown");
        }
        if (write) {
            // Any attempt may have reached a leader that appended it: the write may still commit.
            return new OperationTimeoutException(what + ": no successful reply (" + cause + "); outcome unknown");
        }
        return new UnavailableException(what + " failed: " + cause, cause);
    }

    private String staleReplica(String replica) {
        if (replica == null) {
            return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())).id();
        }
        spec.requireNode(replica);
        return replica;
    }

    private Duration timeout(Duration requested) {
        return requested == null ? defaultTimeout : requested;
    }

    private static long version(CausalContext context) {
        if (context.isEmpty()) {
            return 0; // no version = the key must be absent
        }
        byte[] b = context.toBytes();
        if (b.length != 8) {
            throw new InvalidRequestException("causal context " + context + " is not a raft version: pass the context a raft read returned");
        }
        return ByteBuffer.wrap(b).getLong();
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidRequestException("key must not be empty");
        }
    }

    private void checkWrite(String key, byte[] value, WriteOptions options) {
        checkKey(key);
        if (value == null) {
            throw new InvalidRequestException("value must not be null");
        }
        if (value.length > spec.rpc().maxValueBytes()) {
            throw new InvalidRequestException("value of " + value.length + " bytes exceeds rpc.max-value-bytes ("
                    + spec.rpc().maxValueBytes() + ")");
        }
        Consistency c = options.consistency();
        if (c != Consistency.DEFAULT && c != Consistency.LINEARIZABLE && c != Consistency.QUORUM) {
            throw new InvalidRequestException("consistency " + c + " has no meaning for raft writes: every write "
                    + "commits on a majority (use the default)");
        }
    }

    @Override
    public void close() {
        blockingCalls.shutdownNow();
        for (RaftClient c : clients) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.warn("closing a raft client failed", e);
            }
        }
        callbacks.shutdown();
    }
}
