package io.replicalab.singleleader;

import io.replicalab.api.FaultControl;
import io.replicalab.api.OperationTimeoutException;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.node.NodeRuntime;
import io.replicalab.node.applylog.ApplyLogEntry;
import io.replicalab.singleleader.core.EpochHistory;
import io.replicalab.singleleader.core.LogEntry;
import io.replicalab.singleleader.core.LogPosition;
import io.replicalab.singleleader.core.LogState;
import io.replicalab.singleleader.core.PrimaryCore;
import io.replicalab.singleleader.core.ReplicaCore;
import io.replicalab.singleleader.election.Election;
import io.replicalab.singleleader.log.WalStore;
import io.replicalab.singleleader.wire.SingleLeaderMessages;
import io.replicalab.singleleader.wire.SingleLeaderMessages.Append;
import io.replicalab.singleleader.wire.SingleLeaderMessages.AppendReply;
import io.replicalab.singleleader.wire.SingleLeaderMessages.AppendStatus;
import io.replicalab.singleleader.wire.SingleLeaderMessages.Check;
import io.replicalab.singleleader.wire.SingleLeaderMessages.ClientRead;
import io.replicalab.singleleader.wire.SingleLeaderMessages.ClientWrite;
import io.replicalab.singleleader.wire.SingleLeaderMessages.ReadReply;
import io.replicalab.singleleader.wire.SingleLeaderMessages.Snapshot;
import io.replicalab.singleleader.wire.SingleLeaderMessages.WriteReply;
import io.replicalab.singleleader.wire.SingleLeaderMessages.WriteStatus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the single-leader backend: the node runtime (storage, RPC, admin, faults), its WAL, the
 * protocol cores and an {@link Election}. The cores decide; this class does their I/O: it persists
 * entries, sends appends, answers clients and feeds results back, all core steps under one lock.
 */
public final class SingleLeaderNode implements ReplicaServer, Election.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SingleLeaderNode.class);

    private final NodeRuntime runtime;
    private final SingleLeaderOptions options;
    private final WalStore wal;
    private final LogState log;
    private final ReplicaCore replica;
    private final List<String> peers;
    private final Duration requestTimeout;
    private final int snapshotPartBytes;
    private final Object lock = new Object();
    private final ConcurrentSkipListMap<Long, CompletableFuture<WriteReply>> waiting = new ConcurrentSkipListMap<>();
    /** Writes appended but not yet locally durable, by key: what a compare-and-set must see. */
    private final Map<String, LogEntry> undurable = new HashMap<>();
    private final List<PromotionEvent> events = new CopyOnWriteArrayList<>();
    private final SnapshotAssembly transferIn = new SnapshotAssembly(); // guarded by lock
    private final ScheduledExecutorService timer;
    private final Election election;
    private PrimaryCore primary; // guarded by lock; null while a replica
    private volatile String knownPrimary = "";
    private volatile LogPosition durablePosition;
    private volatile boolean closed;

    private SingleLeaderNode(NodeRuntime runtime, SingleLeaderOptions options, Function<SingleLeaderNode, Election> elections) {
        this.runtime = runtime;
        this.options = options;
        this.wal = new WalStore(runtime.storage(), runtime.clock(), options.cacheEntries());
        this.log = wal.loadShape();
        this.replica = new ReplicaCore(options.effectiveFencing(), log);
        this.durablePosition = log.last();
        this.peers = runtime.cluster().nodeIds().stream().filter(id -> !id.equals(runtime.nodeId())).toList();
        this.requestTimeout = runtime.cluster().rpc().requestTimeout();
        // A part of a state transfer stays well inside a frame (a quarter leaves room for the encoding).
        this.snapshotPartBytes = Math.max(1024, runtime.cluster().rpc().maxFrameBytes() / 4);
        runtime.rpc().handle(ClientWrite.class, (from, w) -> write(w));
        runtime.rpc().handle(ClientRead.class, (from, r) -> CompletableFuture.completedFuture(read(r)));
        runtime.rpc().handle(Append.class, this::onAppend);
        runtime.rpc().handle(Snapshot.class, this::onSnapshot);
        runtime.addAdminResource("apply-log", q -> wal.applyLog(Long.parseLong(q.getOrDefault("from", "0"))));
        runtime.addAdminResource("promotions", q -> events());
        runtime.addStatus("role", this::role);
        runtime.addStatus("primary", () -> knownPrimary);
        // The harness reads "leader" (kill/partition target leader, leader events in the history); null = unknown.
        runtime.addStatus("leader", () -> knownPrimary.isEmpty() ? null : knownPrimary);
        runtime.addStatus("position", () -> position().toString());
        // Benchmarks wait for a restarted node to catch up by this number (the raft backend reports it too).
        runtime.addStatus("applied-index", () -> position().index());
        runtime.addStatus("session-timeout-ms", options::sessionTimeoutMs);
        runtime.addStatus("known-epoch", this::knownEpoch);
        runtime.addStatus("mode", () -> options.mode() + (options.mode().equals("semi-sync") ? " k=" + options.semiSyncK() : ""));
        runtime.addStatus("fencing", options::effectiveFencing);
        runtime.addStatus("election", this::describeElection);
        runtime.addStatus("replicas", this::replicaViews);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "single-leader-tick-" + runtime.nodeId());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, options.heartbeatMs(), Math.max(5, options.heartbeatMs() / 2),
                TimeUnit.MILLISECONDS);
        this.election = elections.apply(this);
    }

    /** Starts node {@code nodeId}: storage and RPC first, then the election (which may promote it at once). */
    public static SingleLeaderNode start(ClusterSpec spec, String nodeId) {
        SingleLeaderOptions options = SingleLeaderOptions.from(spec);
        return start(spec, nodeId, options, node -> Elections.create(spec, nodeId, options, node));
    }

    static SingleLeaderNode start(ClusterSpec spec, String nodeId, SingleLeaderOptions options,
                                  Function<SingleLeaderNode, Election> elections) {
        NodeRuntime runtime = NodeRuntime.start(spec, nodeId, SingleLeaderBackend.NAME, SingleLeaderMessages.registry());
        SingleLeaderNode node = null;
        try {
            node = new SingleLeaderNode(runtime, options, elections);
            node.election.start(node);
            LOG.info("single-leader node {}: log at {}, election {}", nodeId, node.position(), node.election.describe());
            return node;
        } catch (RuntimeException e) {
            if (node != null) {
                node.close();
            } else {
                runtime.close();
            }
            throw e;
        }
    }

    // ---- election events -------------------------------------------------------------------------

    @Override
    public void elected(long epoch) {
        synchronized (lock) {
            if (closed || (primary != null && primary.epoch() == epoch && !primary.fenced())) {
                return;
            }
            if (options.effectiveFencing() && epoch < log.knownEpoch()) {
                LOG.warn("{}: elected in epoch {} but epoch {} is known: not taking over", nodeId(), epoch, log.knownEpoch());
                return;
            }
            primary = new PrimaryCore(epoch, peers, log, options.coreConfig(), System.nanoTime());
            knownPrimary = nodeId();
            record("promoted", epoch, "");
            LOG.info("{}: primary in epoch {} at {}", nodeId(), epoch, position());
        }
        wal.saveShape(log);
        tick();
    }

    @Override
    public void deposed(String why) {
        List<CompletableFuture<WriteReply>> orphaned;
        synchronized (lock) {
            if (primary == null) {
                return;
            }
            record("deposed", primary.epoch(), why);
            LOG.info("{}: no longer primary of epoch {}: {}", nodeId(), primary.epoch(), why);
            primary = null;
            if (knownPrimary.equals(nodeId())) {
                knownPrimary = "";
            }
            orphaned = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        // The writes may be on replicas that a new primary keeps, or lost: their outcome is unknown.
        orphaned.forEach(f -> f.completeExceptionally(new OperationTimeoutException(nodeId()
                + " stopped being primary (" + why + ") before the write was acknowledged; it may or may not survive")));
    }

    @Override
    public void steppedBack() {
        record("stepped-back", log.knownEpoch(), "another live node is ahead");
    }

    @Override
    public void primaryIs(String nodeId, long epoch) {
        synchronized (lock) {
            knownPrimary = nodeId == null ? "" : nodeId;
            if (options.effectiveFencing() && log.learnEpoch(epoch) && primary != null && primary.epoch() < epoch) {
                primary.onNewerEpoch(epoch);
            }
        }
        fenceIfStale();
    }

    // ---- client requests -------------------------------------------------------------------------

    private CompletionStage<WriteReply> write(ClientWrite w) {
        CompletableFuture<WriteReply> result = new CompletableFuture<>();
        PrimaryCore p;
        LogEntry entry;
        PrimaryCore.Step step;
        CompletionStage<Void> durable;
        synchronized (lock) {
            p = primary;
            if (p == null || p.fenced()) {
                return CompletableFuture.completedFuture(new WriteReply(WriteStatus.NOT_PRIMARY, 0, 0, redirect()));
            }
            if (!holds(w)) {
                return CompletableFuture.completedFuture(new WriteReply(WriteStatus.CHECK_FAILED, 0, 0, nodeId()));
            }
            entry = p.append(w.key(), w.value());
            undurable.put(entry.key(), entry);
            waiting.put(entry.index(), result);
            durable = wal.append(List.of(entry), log, truncate());
            step = p.afterAppend(System.nanoTime());
        }
        durable.whenComplete((v, error) -> {
            if (error != null) {
                LOG.warn("{}: local write of {} failed", nodeId(), entry, error);
                fail(entry.index(), error);
                return;
            }
            PrimaryCore.Step s;
            madeDurable(entry.position());
            synchronized (lock) {
                undurable.remove(entry.key(), entry);
                if (primary != p) {
                    return;
                }
                s = p.onLocalDurable(entry.index(), System.nanoTime());
            }
            perform(p, s);
        });
        perform(p, step);
        return result;
    }

    /** Evaluates a compare-and-set's precondition against the newest write, durable or not. */
    private boolean holds(ClientWrite w) {
        if (w.check() == Check.NONE) {
            return true;
        }
        LogEntry pending = undurable.get(w.key());
        byte[] value;
        long epoch;
        long index;
        if (pending != null) {
            value = pending.value();
            epoch = pending.epoch();
            index = pending.index();
        } else {
            Optional<WalStore.Stored> s = wal.get(w.key());
            value = s.map(WalStore.Stored::value).orElse(null);
            epoch = s.map(WalStore.Stored::epoch).orElse(0L);
            index = s.map(WalStore.Stored::index).orElse(0L);
        }
        return switch (w.check()) {
            case NONE -> true;
            case ABSENT -> value == null;
            case VALUE_EQUALS -> value != null && Arrays.equals(value, w.expected());
            case VERSION_EQUALS -> value != null && Arrays.equals(version(epoch, index), w.expected());
        };
    }

    private ReadReply read(ClientRead r) {
        if (!r.local()) {
            synchronized (lock) {
                if (primary == null || primary.fenced()) {
                    return new ReadReply(WriteStatus.NOT_PRIMARY, null, 0, 0, redirect());
                }
            }
        }
        return wal.get(r.key()).map(s -> new ReadReply(WriteStatus.OK, s.value(), s.epoch(), s.index(), knownPrimary))
                .orElse(new ReadReply(WriteStatus.OK, null, 0, 0, knownPrimary));
    }

    /** The version a client sees for a write: its log position as 16 bytes. */
    static byte[] version(long epoch, long index) {
        return ByteBuffer.allocate(16).putLong(epoch).putLong(index).array();
    }

    private String redirect() {
        return knownPrimary.equals(nodeId()) ? "" : knownPrimary;
    }

    // ---- replication: primary side ---------------------------------------------------------------

    private void tick() {
        if (closed) {
            return;
        }
        try {
            PrimaryCore p;
            PrimaryCore.Step s;
            synchronized (lock) {
                p = primary;
                if (p == null) {
                    return;
                }
                s = p.tick(System.nanoTime());
            }
            perform(p, s);
        } catch (RuntimeException e) {
            LOG.warn("{}: replication tick failed", nodeId(), e);
        }
    }

    /** Acknowledges what the step allows and makes its calls; results step {@code p} again. */
    private void perform(PrimaryCore p, PrimaryCore.Step step) {
        acknowledge(p.epoch(), step.ackIndex());
        step.transfers().forEach(to -> transfer(p, to));
        if (step.ships().isEmpty()) {
            return;
        }
        List<Map.Entry<String, Append>> calls = new ArrayList<>(step.ships().size());
        synchronized (lock) {
            for (PrimaryCore.Ship ship : step.ships()) {
                List<LogEntry> entries = wal.entries(ship.fromIndex(), ship.toIndex());
                calls.add(Map.entry(ship.replica(), new Append(p.epoch(), nodeId(), log.epochAt(ship.prevIndex()),
                        ship.prevIndex(), entries)));
            }
        }
        for (Map.Entry<String, Append> call : calls) {
            String to = call.getKey();
            runtime.callPeer(to, call.getValue(), AppendReply.class, requestTimeout).whenComplete((reply, error) -> {
                PrimaryCore.Step next;
                synchronized (lock) {
                    if (primary != p) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (error != null) {
                        next = p.onFailure(to, now);
                    } else {
                        next = switch (reply.status()) {
                            case ACK -> p.onAck(to, reply.index(), now);
                            case GAP -> p.onGap(to, reply.index(), now);
                            case DIVERGED -> {
                                LOG.warn("{}: replica {} has a log that diverged from ours (at {}); sending it our state",
                                        nodeId(), to, reply.index());
                                yield p.onDiverged(to, now);
                            }
                            case STALE_EPOCH -> {
                                p.onNewerEpoch(reply.epoch());
                                yield null;
                            }
                        };
                    }
                }
                if (next == null) {
                    fenceIfStale();
                } else {
                    perform(p, next);
                }
            });
        }
    }

    /** Under the lock, after an append: moves the log's start if it holds more than it may; returns the first record to delete or -1. */
    private long truncate() {
        return options.walRetainEntries() > 0 ? log.retainLast(options.walRetainEntries()) : -1;
    }

    /**
     * Sends {@code to} this primary's whole state (it diverged or needs entries the WAL no longer holds): the
     * key states as of at least the durable position read first, so replaying the log after that position
     * makes the replica exact. The scan runs off the calling thread (it reads the whole engine).
     */
    private void transfer(PrimaryCore p, String to) {
        LogPosition at;
        List<EpochHistory.Start> runs;
        synchronized (lock) {
            at = durablePosition;
            runs = log.epochStartsUpTo(at.index());
        }
        CompletableFuture.supplyAsync(wal::keyStates).thenCompose(keys -> {
            List<List<SingleLeaderMessages.KeyState>> parts = SnapshotAssembly.split(keys, snapshotPartBytes);
            LOG.info("{}: state transfer to {}: {} keys as of {} in {} parts", nodeId(), to, keys.size(), at, parts.size());
            return sendParts(p, to, at, runs, parts, 0);
        }).whenComplete((reply, error) -> {
            PrimaryCore.Step next;
            synchronized (lock) {
                if (primary != p) {
                    return;
                }
                long now = System.nanoTime();
                if (error == null && reply.status() == AppendStatus.STALE_EPOCH) {
                    p.onNewerEpoch(reply.epoch());
                    next = null;
                } else if (error == null && reply.status() == AppendStatus.ACK) {
                    next = p.onTransferred(to, reply.index(), now);
                } else {
                    LOG.warn("{}: state transfer to {} failed: {}", nodeId(), to, error == null ? reply : error.toString());
                    next = p.onTransferFailed(to, now);
                }
            }
            if (next == null) {
                fenceIfStale();
            } else {
                perform(p, next);
            }
        });
    }

    /** Sends part {@code i} of a state transfer, and the next one once it is acknowledged, while {@code p} leads. */
    private CompletionStage<AppendReply> sendParts(PrimaryCore p, String to, LogPosition at, List<EpochHistory.Start> runs,
                                                   List<List<SingleLeaderMessages.KeyState>> parts, int i) {
        boolean done = i == parts.size() - 1;
        return runtime.callPeer(to, new Snapshot(p.epoch(), nodeId(), at, runs, i, done, parts.get(i)), AppendReply.class,
                requestTimeout).thenCompose(reply -> {
                    boolean stillPrimary;
                    synchronized (lock) {
                        stillPrimary = primary == p;
                    }
                    return done || reply.status() != AppendStatus.ACK || !stillPrimary ? CompletableFuture.completedFuture(reply)
                            : sendParts(p, to, at, runs, parts, i + 1);
                });
    }

    private void acknowledge(long epoch, long ackIndex) {
        while (true) {
            Map.Entry<Long, CompletableFuture<WriteReply>> first = waiting.firstEntry();
            if (first == null || first.getKey() > ackIndex) {
                return;
            }
            if (waiting.remove(first.getKey(), first.getValue())) {
                first.getValue().complete(new WriteReply(WriteStatus.OK, epoch, first.getKey(), nodeId()));
            }
        }
    }

    private void fail(long index, Throwable error) {
        CompletableFuture<WriteReply> f = waiting.remove(index);
        if (f != null) {
            f.completeExceptionally(new OperationTimeoutException(nodeId() + " could not write index " + index
                    + " durably (" + error.getMessage() + "); outcome unknown"));
        }
    }

    /** A primary that learned of a newer epoch stops being one (fencing). */
    private void fenceIfStale() {
        long by;
        synchronized (lock) {
            if (primary == null || !primary.fenced()) {
                return;
            }
            by = primary.fencedBy();
        }
        deposed("fenced: epoch " + by + " exists");
    }

    // ---- replication: replica side ---------------------------------------------------------------

    /**
     * What a node that leads (in its view) answers a primary of {@code epoch}: nothing (null) when it is not
     * primary, or when fencing lets the newer epoch depose it (it steps down first).
     */
    private AppendReply refusalWhileLeading(long epoch) {
        boolean stepDown = false;
        synchronized (lock) {
            if (primary != null) {
                if (options.effectiveFencing() && epoch > primary.epoch()) {
                    primary.onNewerEpoch(epoch);
                    stepDown = true;
                } else {
                    // We lead (in our view): we follow nobody. With fencing the sender learns it is stale;
                    // without, two primaries each go on (split brain) until the election deposes one.
                    return options.effectiveFencing() && epoch < primary.epoch()
                            ? new AppendReply(AppendStatus.STALE_EPOCH, log.lastIndex(), primary.epoch())
                            : new AppendReply(AppendStatus.DIVERGED, log.lastIndex(), primary.epoch());
                }
            }
        }
        if (stepDown) {
            fenceIfStale();
        }
        return null;
    }

    private CompletionStage<AppendReply> onAppend(String from, Append a) {
        CompletionStage<Void> durable;
        ReplicaCore.Accept accept;
        AppendReply refused = refusalWhileLeading(a.epoch());
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        synchronized (lock) {
            ReplicaCore.Decision d = replica.onAppend(a.epoch(), a.prevEpoch(), a.prevIndex(), a.entries());
            if (d instanceof ReplicaCore.StaleEpoch s) {
                return CompletableFuture.completedFuture(new AppendReply(AppendStatus.STALE_EPOCH, log.lastIndex(), s.knownEpoch()));
            }
            knownPrimary = a.primary();
            if (d instanceof ReplicaCore.Gap g) {
                return CompletableFuture.completedFuture(new AppendReply(AppendStatus.GAP, g.lastIndex(), log.knownEpoch()));
            }
            if (d instanceof ReplicaCore.Diverged dv) {
                return CompletableFuture.completedFuture(new AppendReply(AppendStatus.DIVERGED, dv.last().index(), log.knownEpoch()));
            }
            accept = (ReplicaCore.Accept) d;
            if (!accept.fresh().isEmpty()) {
                durable = wal.append(accept.fresh(), log, truncate());
            } else if (accept.epochsChanged()) {
                durable = wal.saveShape(log);
            } else {
                durable = CompletableFuture.completedFuture(null);
            }
        }
        long epoch = a.epoch();
        LogPosition accepted = accept.fresh().isEmpty() ? null : accept.fresh().get(accept.fresh().size() - 1).position();
        return durable.thenApply(v -> {
            if (accepted != null) {
                madeDurable(accepted);
            }
            return new AppendReply(AppendStatus.ACK, accept.ackIndex(), epoch);
        });
    }

    /**
     * A state transfer: this node's log and state are replaced by the primary's snapshot, then appends
     * resume after its position. Whatever this node's log held that the primary's does not (a deposed
     * primary's unreplicated writes, acknowledged or not) is gone; the promotions resource records it.
     */
    private CompletionStage<AppendReply> onSnapshot(String from, Snapshot s) {
        AppendReply refused = refusalWhileLeading(s.epoch());
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        CompletionStage<Void> durable;
        synchronized (lock) {
            if (replica.refuses(s.epoch())) {
                return CompletableFuture.completedFuture(new AppendReply(AppendStatus.STALE_EPOCH, log.lastIndex(), log.knownEpoch()));
            }
            boolean expected = transferIn.expects(s);
            List<SingleLeaderMessages.KeyState> keys = transferIn.add(s);
            if (keys == null) {
                // A part in the middle, or one out of order (the primary then starts over).
                return CompletableFuture.completedFuture(expected
                        ? new AppendReply(AppendStatus.ACK, s.part(), s.epoch())
                        : new AppendReply(AppendStatus.GAP, log.lastIndex(), log.knownEpoch()));
            }
            LogPosition before = log.last();
            replica.onSnapshot(s.epoch(), s.last(), s.runs());
            knownPrimary = s.primary();
            durable = wal.install(keys, log);
            record("state-transfer", s.epoch(), "from " + s.primary() + " at " + s.last() + " (" + keys.size()
                    + " keys); the local log that ended at " + before + " was dropped");
            LOG.info("{}: installing the state of {} at {} ({} keys) over a log that ended at {}", nodeId(), s.primary(),
                    s.last(), keys.size(), before);
        }
        return durable.thenApply(v -> {
            synchronized (lock) {
                durablePosition = s.last(); // may move back: the dropped log is no longer this node's
            }
            return new AppendReply(AppendStatus.ACK, s.last().index(), s.epoch());
        });
    }

    // ---- views -----------------------------------------------------------------------------------

    private void record(String kind, long epoch, String detail) {
        events.add(new PromotionEvent(runtime.clock().currentTimeMillis(), nodeId(), kind, epoch, position().toString(), detail));
    }

    public List<PromotionEvent> events() {
        return List.copyOf(events);
    }

    public boolean isPrimary() {
        synchronized (lock) {
            return primary != null && !primary.fenced();
        }
    }

    public String role() {
        return isPrimary() ? "primary" : "replica";
    }

    /** Epoch of the primary this node is, or -1. */
    public long primaryEpoch() {
        synchronized (lock) {
            return primary == null ? -1 : primary.epoch();
        }
    }

    /**
     * The end of this node's log as far as it is durable and applied (what the most-up-to-date policy
     * compares); the log shape itself moves earlier, when a batch is accepted.
     */
    public LogPosition position() {
        return durablePosition;
    }

    private void madeDurable(LogPosition upTo) {
        synchronized (lock) {
            if (upTo.isAfter(durablePosition)) {
                durablePosition = upTo;
            }
        }
    }

    public long knownEpoch() {
        synchronized (lock) {
            return log.knownEpoch();
        }
    }

    public String knownPrimary() {
        return knownPrimary;
    }

    /** On a primary: the replicas it currently counts as live (sync waits for exactly these). */
    public List<String> liveReplicas() {
        synchronized (lock) {
            return primary == null ? List.of() : primary.replicas().stream().filter(PrimaryCore.ReplicaView::live)
                    .map(PrimaryCore.ReplicaView::id).toList();
        }
    }

    private Object replicaViews() {
        synchronized (lock) {
            if (primary == null) {
                return List.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            primary.replicas().forEach(r -> out.put(r.id(), Map.of("match-index", r.matchIndex(), "live", r.live(),
                    "diverged", r.diverged(), "transferring", r.transferring())));
            return out;
        }
    }

    /** This replica's apply log (see {@link ApplyLogEntry}): its WAL in order. */
    public List<ApplyLogEntry> applyLog() {
        return wal.applyLog(0);
    }

    /** The local, possibly stale value of {@code key} (tests and experiments). */
    public byte[] localValue(String key) {
        return wal.get(key).map(WalStore.Stored::value).orElse(null);
    }

    public NodeRuntime runtime() {
        return runtime;
    }

    Election election() {
        return election;
    }

    private String describeElection() {
        Election e = election;
        return e == null ? "starting" : e.describe();
    }

    @Override
    public String nodeId() {
        return runtime.nodeId();
    }

    @Override
    public FaultControl faults() {
        return runtime.faults();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            election.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the election failed", nodeId(), e);
        }
        timer.shutdownNow();
        List<CompletableFuture<WriteReply>> orphaned;
        synchronized (lock) {
            primary = null;
            orphaned = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        orphaned.forEach(f -> f.completeExceptionally(new OperationTimeoutException(nodeId()
                + " stopped before the write was acknowledged; it may or may not survive")));
        runtime.close();
    }
}
