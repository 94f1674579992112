package io.replicalab.singleleader.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The primary side of WAL shipping, without I/O. It numbers writes, decides what to ship to which
 * replica and when (pipelined batches, re-shipping after a gap or a failed call, heartbeats), judges
 * which replicas are live, and computes the <em>ack index</em>: the highest index the replication mode
 * allows the primary to acknowledge to clients. The host appends and persists the entries, turns each
 * {@link Ship} into an {@code Append} call, and feeds the outcomes back.
 *
 * <p>Time is a number of nanoseconds the host passes in, so tests step it deterministically.
 * Not thread-safe: the node steps its cores under one lock.
 */
public final class PrimaryCore {
    /**
     * @param k replicas that must hold an entry before a semi-sync ack
     * @param maxBatch entries per {@code Append} at most
     * @param maxInFlight {@code Append} calls in flight per replica at most
     * @param replicaTimeoutNanos a replica that owes an answer for this long is no longer live
     *                            (sync mode then stops waiting for it)
     * @param heartbeatNanos an idle replica gets an empty {@code Append} this often
     * @param retryNanos pause before re-shipping to a replica whose call failed
     */
    public record Config(ReplicationMode mode, int k, int maxBatch, int maxInFlight, long replicaTimeoutNanos,
                         long heartbeatNanos, long retryNanos) {
    }

    /** Ship entries {@code fromIndex..toIndex} (none when {@code toIndex < fromIndex}: a heartbeat), after {@code prevIndex}. */
    public record Ship(String replica, long prevIndex, long fromIndex, long toIndex) {
        public boolean heartbeat() {
            return toIndex < fromIndex;
        }
    }

    /**
     * What the host must do after a step: acknowledge writes up to {@code ackIndex}, make these calls, and
     * send a full state transfer to each replica of {@code transfers} (it diverged, or needs entries this
     * log no longer holds); each ends in {@link #onTransferred} or {@link #onTransferFailed}.
     */
    public record Step(long ackIndex, List<Ship> ships, List<String> transfers) {
    }

    /** One replica as the primary sees it. */
    public record ReplicaView(String id, long matchIndex, boolean live, boolean diverged, boolean transferring) {
    }

    private static final class Follower {
        final String id;
        long matchIndex;
        long nextIndex;
        int inFlight;
        boolean live = true;
        boolean diverged;
        boolean transferring;
        long lastContact;
        long lastSent;
        long retryAt;

        Follower(String id, long nextIndex, long now) {
            this.id = id;
            this.nextIndex = nextIndex;
            this.lastContact = now;
            this.lastSent = now - Long.MAX_VALUE / 4;
            this.retryAt = now;
        }
    }

    private final long epoch;
    private final Config config;
    private final LogState log;
    private final Map<String, Follower> followers = new LinkedHashMap<>();
    private long durableIndex;
    private long ackIndex;
    private long fencedBy;
    /** When this core was last stepped: a long gap means the primary itself stood still. */
    private long lastStep;

    /**
     * A primary of {@code epoch} taking over {@code log}, whose entries so far are all durable locally
     * (they were written before this promotion, so no client waits for them).
     */
    public PrimaryCore(long epoch, List<String> replicas, LogState log, Config config, long now) {
        if (config.mode() == ReplicationMode.SEMI_SYNC && config.k() > replicas.size()) {
            throw new IllegalArgumentException("semi-sync k=" + config.k() + " exceeds the " + replicas.size() + " replicas");
        }
        this.epoch = epoch;
        this.config = config;
        this.log = log;
        this.durableIndex = log.lastIndex();
        this.ackIndex = log.lastIndex();
        log.learnEpoch(epoch);
        for (String r : replicas) {
            followers.put(r, new Follower(r, log.lastIndex() + 1, now));
        }
        this.lastStep = now;
    }

    public long epoch() {
        return epoch;
    }

    /** True once a newer epoch is known: this primary must accept no more writes. */
    public boolean fenced() {
        return fencedBy > epoch;
    }

    public long fencedBy() {
        return fencedBy;
    }

    /** Numbers the next write and records it in the log shape; the host persists it and ships it. */
    public LogEntry append(String key, byte[] value) {
        if (fenced()) {
            throw new IllegalStateException("primary of epoch " + epoch + " was fenced by epoch " + fencedBy);
        }
        LogEntry entry = new LogEntry(epoch, log.lastIndex() + 1, key, value);
        log.append(entry);
        return entry;
    }

    /** After {@link #append}: ship what can be shipped now. */
    public Step afterAppend(long now) {
        return step(now);
    }

    /** The local write of entries up to {@code index} is durable. */
    public Step onLocalDurable(long index, long now) {
        durableIndex = Math.max(durableIndex, index);
        return step(now);
    }

    /** {@code replica} durably holds a log matching ours up to {@code matchIndex}. */
    public Step onAck(String replica, long matchIndex, long now) {
        Follower f = contact(replica, now);
        f.matchIndex = Math.max(f.matchIndex, Math.min(matchIndex, log.lastIndex()));
        f.nextIndex = Math.max(f.nextIndex, f.matchIndex + 1);
        return step(now);
    }

    /** {@code replica}'s log ends at {@code lastIndex}, before what we shipped: replay from there. */
    public Step onGap(String replica, long lastIndex, long now) {
        Follower f = contact(replica, now);
        f.nextIndex = Math.min(f.nextIndex, lastIndex + 1);
        return step(now);
    }

    /** {@code replica}'s log disagrees with ours; it cannot follow without a state transfer. */
    public Step onDiverged(String replica, long now) {
        Follower f = contact(replica, now);
        f.diverged = true;
        return step(now);
    }

    /** {@code replica} installed our state as of {@code index}: ship from there on. */
    public Step onTransferred(String replica, long index, long now) {
        Follower f = contact(replica, now);
        f.inFlight = 0;
        f.transferring = false;
        f.diverged = false;
        f.matchIndex = Math.min(index, log.lastIndex());
        f.nextIndex = f.matchIndex + 1;
        return step(now);
    }

    /**
     * The state transfer to {@code replica} failed or timed out: try again after a replica timeout (a
     * transfer reads the whole state, so a dead replica is not sent one every retry pause).
     */
    public Step onTransferFailed(String replica, long now) {
        Follower f = followers.get(replica);
        f.transferring = false;
        f.retryAt = now + Math.max(config.retryNanos(), config.replicaTimeoutNanos());
        return step(now);
    }

    /** The call to {@code replica} failed or timed out: re-ship from what it acknowledged, after a pause. */
    public Step onFailure(String replica, long now) {
        Follower f = followers.get(replica);
        f.inFlight = Math.max(0, f.inFlight - 1);
        f.nextIndex = Math.min(f.nextIndex, f.matchIndex + 1);
        f.retryAt = now + config.retryNanos();
        return step(now);
    }

    /** A replica (or ZooKeeper) told us of {@code newerEpoch}. */
    public void onNewerEpoch(long newerEpoch) {
        fencedBy = Math.max(fencedBy, newerEpoch);
        log.learnEpoch(newerEpoch);
    }

    /** Timer: liveness, retries, heartbeats. */
    public Step tick(long now) {
        return step(now);
    }

    public long ackIndex() {
        return ackIndex;
    }

    public long durableIndex() {
        return durableIndex;
    }

    public List<ReplicaView> replicas() {
        return followers.values().stream().map(f -> new ReplicaView(f.id, f.matchIndex, f.live, f.diverged, f.transferring)).toList();
    }

    private Follower contact(String replica, long now) {
        Follower f = followers.get(replica);
        if (f == null) {
            throw new IllegalArgumentException(replica + " is not a replica of this primary");
        }
        f.inFlight = Math.max(0, f.inFlight - 1);
        f.lastContact = now;
        f.live = true;
        return f;
    }

    private Step step(long now) {
        long stood = now - lastStep;
        lastStep = now;
        if (stood > config.replicaTimeoutNanos()) {
            // The host steps this core every few milliseconds (timer ticks), so a gap this long means the primary
            // itself did not run (SIGSTOP, a long GC pause, a starved CPU). Its replicas' answers waited in its
            // sockets meanwhile: that time is not their silence. Without this, sync mode would resume, find every
            // replica "silent" past the timeout, and acknowledge a new write alone before hearing the replicas
            // (who may be about to say that a newer epoch exists).
            for (Follower f : followers.values()) {
                f.lastContact = Math.min(now, f.lastContact + stood);
            }
        }
        for (Follower f : followers.values()) {
            boolean owes = f.inFlight > 0 || f.matchIndex < log.lastIndex();
            // A replica waiting for a state transfer holds nothing new: sync does not wait for it meanwhile.
            if (f.diverged || f.transferring || (owes && now - f.lastContact > config.replicaTimeoutNanos())) {
                f.live = false;
            }
        }
        ackIndex = Math.max(ackIndex, allowedAckIndex());
        List<Ship> ships = new ArrayList<>();
        List<String> transfers = new ArrayList<>();
        for (Follower f : followers.values()) {
            if (f.diverged || f.nextIndex < log.firstIndex()) {
                // Log shipping cannot help it: once its calls in flight are answered, send it our state.
                if (!f.transferring && f.inFlight == 0 && now >= f.retryAt) {
                    f.transferring = true;
                    f.lastSent = now;
                    transfers.add(f.id);
                }
                continue;
            }
            collectShips(f, now, ships);
        }
        return new Step(ackIndex, ships, transfers);
    }

    private long allowedAckIndex() {
        return switch (config.mode()) {
            case ASYNC -> durableIndex;
            case SEMI_SYNC -> Math.min(durableIndex, followers.values().stream().map(f -> f.matchIndex)
                    .sorted(Comparator.reverseOrder()).skip(config.k() - 1L).findFirst().orElse(durableIndex));
            case SYNC -> Math.min(durableIndex, followers.values().stream().filter(f -> f.live)
                    .mapToLong(f -> f.matchIndex).min().orElse(durableIndex));
        };
    }

    private void collectShips(Follower f, long now, List<Ship> out) {
        if (now < f.retryAt) {
            return;
        }
        while (f.inFlight < config.maxInFlight() && f.nextIndex <= log.lastIndex()) {
            long to = Math.min(log.lastIndex(), f.nextIndex + config.maxBatch() - 1);
            out.add(new Ship(f.id, f.nextIndex - 1, f.nextIndex, to));
            f.nextIndex = to + 1;
            f.inFlight++;
            f.lastSent = now;
        }
        if (f.inFlight == 0 && now - f.lastSent >= config.heartbeatNanos()) {
            out.add(new Ship(f.id, f.nextIndex - 1, f.nextIndex, f.nextIndex - 1));
            f.inFlight++;
            f.lastSent = now;
        }
    }
}
