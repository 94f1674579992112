package io.replicalab.leaderless.coordinator;

import io.replicalab.api.CausalContext;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvException;
import io.replicalab.api.Outcome;
import io.replicalab.api.UnavailableException;
import io.replicalab.leaderless.conflict.ConflictModel;
import io.replicalab.leaderless.conflict.LwwModel;
import io.replicalab.leaderless.replica.ReplicaStore;
import io.replicalab.leaderless.ring.HashRing;
import io.replicalab.leaderless.wire.LeaderlessMessages.CoordinatePut;
import io.replicalab.node.rpc.PeerUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Coordinates client reads and writes on one node, Dynamo style: the key's N replicas come from the
 * ring's preference list, a write succeeds on W durable acks and a read on R answers, and replicas
 * found stale during a read are repaired.
 *
 * <p>With version vectors the new version's dot must be issued by a replica that holds the key, so
 * a node outside the preference list forwards the write to the first reachable replica (as Riak's put
 * FSM does); with LWW any node can stamp the write.
 */
public final class Coordinator<S> {
    private final String selfId;
    private final String actor;
    private final int n;
    private final HashRing ring;
    private final ReplicaStore<S> store;
    private final ConflictModel<S> model;
    private final ReplicaTransport<S> transport;
    private final ReadRepair mode;
    private final AtomicLong readRepairs = new AtomicLong();
    private final java.util.function.LongSupplier timestamps;
    private final Liveness liveness;
    private final HintPolicy hints;

    public enum ReadRepair { BACKGROUND, BLOCKING, OFF }

    /**
     * @param actor the id this replica issues dots under (node id plus data-dir incarnation, so a wiped
     *              node never reuses counters of its previous life)
     * @param store this node's replica store, or {@code null} when coordinating from a client library
     *              (client-driven fan-out), which holds no data and so never writes locally
     * @param timestamps the LWW write stamps (microseconds, increasing) when this node is not a replica of
     *              the key; the same source the store stamps its own writes with
     */
    public Coordinator(String selfId, String actor, int n, HashRing ring, ReplicaStore<S> store, ConflictModel<S> model,
                       ReplicaTransport<S> transport,
                       ReadRepair mode, java.util.function.LongSupplier timestamps, Liveness liveness,
                       HintPolicy hints) {
        this.selfId = selfId;
        this.actor = actor;
        this.n = n;
        this.ring = ring;
        this.store = store;
        this.model = model;
        this.transport = transport;
        this.mode = mode;
        this.timestamps = timestamps;
        this.liveness = liveness;
        this.hints = hints;
    }

    /** Where one copy of a write goes: its replica, or a stand-in holding a hint for a down replica. */
    record Target(String node, String hintFor) {
    }

    /**
     * The write's targets: each live replica of the preference list, and for each down one (within the
     * hint window) the next live node along the ring that is not already a target (sloppy quorum).
     */
    List<Target> plan(String key, List<String> replicas) {
        List<Target> targets = new ArrayList<>();
        List<String> used = new ArrayList<>(replicas);
        List<String> walk = null;
        for (String replica : replicas) {
            if (liveness.isAlive(replica)) {
                targets.add(new Target(replica, null));
                continue;
            }
            if (!hints.enabled() || liveness.downForMillis(replica) > hints.window().toMillis()) {
                continue;
            }
            if (walk == null) {
                walk = ring.walk(key.getBytes(StandardCharsets.UTF_8));
            }
            for (String candidate : walk) {
                if (!used.contains(candidate) && liveness.isAlive(candidate)) {
                    used.add(candidate);
                    targets.add(new Target(candidate, replica));
                    break;
                }
            }
        }
        return targets;
    }

    /** Replica states written by read repair so far. */
    public long readRepairs() {
        return readRepairs.get();
    }

    public List<String> replicasOf(String key) {
        return ring.preferenceList(key.getBytes(StandardCharsets.UTF_8), n);
    }

    public CompletableFuture<byte[]> put(CoordinatePut put) {
        checkQuorum("W", put.w());
        checkKey(put.key());
        Duration timeout = Duration.ofMillis(put.timeoutMillis());
        List<String> replicas = replicasOf(put.key());
        List<Target> targets = plan(put.key(), replicas);
        if (targets.size() < put.w()) {
            throw new UnavailableException("W=" + put.w() + " cannot be met for key '" + put.key() + "': only "
                    + targets.size() + " of its replicas " + replicas + " (or stand-ins) are alive; nothing was written");
        }
        CausalContext context = CausalContext.of(put.context());
        if (store != null && replicas.contains(selfId)) {
            ReplicaStore.LocalWrite<S> local = store.write(put.key(), put.value(), context, actor);
            return replicate(put, targets, local.written().state(), local.written().context(), timeout, local.durable());
        }
        if (model instanceof LwwModel) {
            ConflictModel.Written<S> written = model.write(model.empty(), put.value(), context, selfId,
                    timestamps.getAsLong());
            return replicate(put, targets, written.state(), written.context(), timeout, null);
        }
        return forward(put, replicas.stream().filter(liveness::isAlive).toList(), 0, timeout);
    }

    private CompletableFuture<byte[]> forward(CoordinatePut put, List<String> replicas, int index, Duration timeout) {
        if (index == replicas.size()) {
            return CompletableFuture.failedFuture(new UnavailableException("none of the replicas " + replicas + " of key '"
                    + put.key() + "' is reachable from " + selfId + " to coordinate the write"));
        }
        return transport.forwardPut(replicas.get(index), put, timeout).handle((ctx, e) -> {
            Throwable cause = unwrap(e);
            if (cause instanceof PeerUnreachableException) {
                return forward(put, replicas, index + 1, timeout); // never sent: safe to try the next replica
            }
            return cause == null ? CompletableFuture.completedFuture(ctx) : CompletableFuture.<byte[]>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<byte[]> replicate(CoordinatePut put, List<Target> targets, S state, CausalContext context,
                                                Duration timeout, CompletableFuture<?> localDurable) {
        QuorumTracker tracker = new QuorumTracker(put.w(), targets.size());
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        BiConsumer<QuorumTracker.Verdict, Void> decide = (verdict, unused) -> {
            switch (verdict) {
                case REACHED -> result.complete(context.toBytes());
                case FAILED_CLEANLY -> result.completeExceptionally(new UnavailableException("W=" + put.w()
                        + " not reached for key '" + put.key() + "': " + tracker.describe() + "; nothing was applied"));
                case FAILED_UNKNOWN -> result.completeExceptionally(new QuorumNotReachedException("W=" + put.w()
                        + " not reached for key '" + put.key() + "' (timeout " + timeout.toMillis() + " ms): "
                        + tracker.describe() + "; the write is on some replicas and may still become visible"));
                default -> {
                }
            }
        };
        // The local copy and the remote ones are written in parallel: one fsync on the critical path.
        boolean local = localDurable != null;
        for (Target target : targets) {
            if (local && target.node().equals(selfId) && target.hintFor() == null) {
                localDurable.whenComplete((v, e) -> decide.accept(classify(tracker, e), null));
                continue;
            }
            CompletableFuture<Void> sent = target.hintFor() == null
                    ? transport.apply(target.node(), put.key(), state, timeout)
                    : transport.applyHint(target.node(), target.hintFor(), put.key(), state, timeout);
            sent.whenComplete((v, e) -> decide.accept(classify(tracker, e), null));
        }
        return result;
    }

    public CompletableFuture<S> get(String key, int r, Duration timeout) {
        checkQuorum("R", r);
        checkKey(key);
        List<String> preference = replicasOf(key);
        List<String> replicas = preference.stream().filter(liveness::isAlive).toList();
        if (replicas.size() < r) {
            throw new UnavailableException("R=" + r + " cannot be met for key '" + key + "': only " + replicas.size()
                    + " of its replicas " + preference + " are alive");
        }
        QuorumTracker tracker = new QuorumTracker(r, replicas.size());
        Map<String, S> answers = new LinkedHashMap<>();
        CompletableFuture<S> result = new CompletableFuture<>();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String node : replicas) {
            CompletableFuture<S> call = transport.read(node, key, timeout);
            calls.add(call);
            call.whenComplete((state, e) -> {
                QuorumTracker.Verdict verdict;
                Map<String, S> snapshot = null;
                synchronized (answers) {
                    if (e == null) {
                        answers.put(node, state);
                    }
                    verdict = classify(tracker, e);
                    if (verdict == QuorumTracker.Verdict.REACHED && !result.isDone()) {
                        snapshot = new LinkedHashMap<>(answers);
                    }
                }
                if (snapshot != null) {
                    answer(key, snapshot, timeout, result);
                } else if (verdict == QuorumTracker.Verdict.FAILED_CLEANLY) {
                    result.completeExceptionally(new UnavailableException("R=" + r + " not reached for key '" + key
                            + "': " + tracker.describe()));
                } else if (verdict == QuorumTracker.Verdict.FAILED_UNKNOWN) {
                    result.completeExceptionally(new QuorumNotReachedException("R=" + r + " not reached for key '" + key
                            + "' (timeout " + timeout.toMillis() + " ms): " + tracker.describe()));
                }
            });
        }
        if (mode == ReadRepair.BACKGROUND) {
            // Once every replica answered or gave up, bring the stale ones up to the merged state.
            CompletableFuture.allOf(calls.stream().map(c -> c.handle((x, y) -> null)).toArray(CompletableFuture[]::new))
                    .thenRun(() -> {
                        Map<String, S> all;
                        synchronized (answers) {
                            all = new LinkedHashMap<>(answers);
                        }
                        repair(key, all, merge(all.values()), timeout);
                    });
        }
        return result;
    }

    private void answer(String key, Map<String, S> answers, Duration timeout, CompletableFuture<S> result) {
        S merged = merge(answers.values());
        if (mode == ReadRepair.BLOCKING) {
            repair(key, answers, merged, timeout).whenComplete((v, e) -> result.complete(merged));
        } else {
            result.complete(merged);
        }
    }

    private CompletableFuture<Void> repair(String key, Map<String, S> answers, S merged, Duration timeout) {
        List<CompletableFuture<Void>> repairs = new ArrayList<>();
        answers.forEach((node, state) -> {
            if (!state.equals(merged)) {
                readRepairs.incrementAndGet();
                repairs.add(transport.apply(node, key, merged, timeout).exceptionally(e -> null));
            }
        });
        return CompletableFuture.allOf(repairs.toArray(CompletableFuture[]::new));
    }

    private S merge(Iterable<S> states) {
        S merged = model.empty();
        for (S s : states) {
            merged = model.merge(merged, s);
        }
        return merged;
    }

    private static QuorumTracker.Verdict classify(QuorumTracker tracker, Throwable e) {
        if (e == null) {
            return tracker.ack();
        }
        Throwable cause = unwrap(e);
        if (cause instanceof KvException kv && kv.outcome() == Outcome.FAIL) {
            return tracker.refused();
        }
        return tracker.silent();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private void checkQuorum(String what, int count) {
        if (count < 1 || count > n) {
            throw new InvalidRequestException(what + "=" + count + " is outside 1.." + n + " for N=" + n
                    + ": choose " + what + " <= N");
        }
    }

    private static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new InvalidRequestException("the key is empty: use a non-empty key");
        }
    }
}
