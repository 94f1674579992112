package io.replicalab.leaderless;

import io.replicalab.api.config.BackendSettings;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ConfigException;
import io.replicalab.leaderless.conflict.ConflictModel;
import io.replicalab.leaderless.conflict.LwwModel;
import io.replicalab.leaderless.conflict.MonotonicVersionModel;
import io.replicalab.leaderless.conflict.VersionVectorModel;
import java.util.List;
import java.util.Locale;

/**
 * The {@code leaderless:} section of a cluster config.
 *
 * @param vnodes virtual nodes per physical node on the hash ring
 * @param conflicts {@code version-vectors} (siblings), {@code lww} or {@code monotonic-versions} (seed 004)
 * @param coordinatorChoice how a client picks the node that coordinates a request: {@code round-robin}
 *                          or {@code random}
 * @param readRepair {@code background} (repair after answering), {@code blocking} (repair before
 *                   answering) or {@code off}
 * @param maxVectorEntries bound on a causal context's entries; older entries are pruned
 * @param hintedHandoff whether writes for a down replica go to a stand-in with a hint (sloppy quorum)
 * @param hintWindowMs how long after a replica went down hints are still written for it
 * @param hintReplayIntervalMs how often a node tries to hand its hints to their owners
 * @param gossipIntervalMs membership gossip round; the failure detector expects a heartbeat per round
 * @param phiThreshold phi above which a silent peer is judged down (Cassandra's default 8)
 * @param antiEntropyIntervalMs pause between Merkle exchanges with the next peer; 0 turns anti-entropy off
 * @param merkleDepth depth of the exchanged Merkle trees (2^depth leaves)
 * @param maxHintsPerNode hinted keys a stand-in holds at most for one down replica (then it refuses)
 * @param fanOut {@code coordinator} (a node coordinates each request, Cassandra style) or {@code client}
 *               (the client library reads from and writes to the replicas itself)
 */
public record LeaderlessOptions(Integer vnodes, String conflicts, String coordinatorChoice, String readRepair,
                                Integer maxVectorEntries, Boolean hintedHandoff, Long hintWindowMs,
                                Integer hintReplayIntervalMs, Integer gossipIntervalMs, Double phiThreshold,
                                Integer antiEntropyIntervalMs, Integer merkleDepth, String fanOut,
                                Integer maxHintsPerNode) {
    private static final List<String> CONFLICTS = List.of(VersionVectorModel.NAME, LwwModel.NAME,
            MonotonicVersionModel.NAME);
    private static final List<String> CHOICES = List.of("round-robin", "random");
    private static final List<String> FAN_OUTS = List.of("coordinator", "client");
    private static final List<String> REPAIRS = List.of("background", "blocking", "off");

    public LeaderlessOptions {
        vnodes = vnodes == null ? 64 : vnodes;
        conflicts = lower(conflicts, VersionVectorModel.NAME);
        coordinatorChoice = lower(coordinatorChoice, "round-robin");
        readRepair = lower(readRepair, "background");
        maxVectorEntries = maxVectorEntries == null ? 10 : maxVectorEntries;
        hintedHandoff = hintedHandoff == null || hintedHandoff;
        hintWindowMs = hintWindowMs == null ? 600_000L : hintWindowMs;
        hintReplayIntervalMs = hintReplayIntervalMs == null ? 500 : hintReplayIntervalMs;
        gossipIntervalMs = gossipIntervalMs == null ? 200 : gossipIntervalMs;
        phiThreshold = phiThreshold == null ? 8.0 : phiThreshold;
        antiEntropyIntervalMs = antiEntropyIntervalMs == null ? 60_000 : antiEntropyIntervalMs;
        merkleDepth = merkleDepth == null ? 10 : merkleDepth;
        fanOut = lower(fanOut, "coordinator");
        maxHintsPerNode = maxHintsPerNode == null ? 100_000 : maxHintsPerNode;
        check("max-hints-per-node", maxHintsPerNode >= 1, maxHintsPerNode + " must be at least 1 (use hinted-handoff: false to turn hints off)");
        check("fan-out", FAN_OUTS.contains(fanOut), "'" + fanOut + "' is unknown: use one of " + FAN_OUTS);
        check("anti-entropy-interval-ms", antiEntropyIntervalMs >= 0, antiEntropyIntervalMs + " is negative: use 0 (off) or more");
        check("merkle-depth", merkleDepth >= 1 && merkleDepth <= 16, merkleDepth + " is out of range: use 1..16 (10 is typical)");
        check("hint-window-ms", hintWindowMs >= 0, hintWindowMs + " is negative: use 0 (no hints) or more");
        check("hint-replay-interval-ms", hintReplayIntervalMs >= 10, hintReplayIntervalMs + " is too small: use 10 or more");
        check("gossip-interval-ms", gossipIntervalMs >= 10, gossipIntervalMs + " is too small: use 10 or more");
        check("phi-threshold", phiThreshold > 0, phiThreshold + " must be positive (8 is typical)");
        check("vnodes", vnodes >= 1 && vnodes <= 4096, vnodes + " is out of range: use 1..4096 (64 is typical)");
        check("conflicts", CONFLICTS.contains(conflicts), "'" + conflicts + "' is unknown: use one of " + CONFLICTS);
        check("coordinator-choice", CHOICES.contains(coordinatorChoice), "'" + coordinatorChoice + "' is unknown: use one of " + CHOICES);
        check("read-repair", REPAIRS.contains(readRepair), "'" + readRepair + "' is unknown: use one of " + REPAIRS);
        check("max-vector-entries", maxVectorEntries >= 2, maxVectorEntries + " is too small: keep at least 2 entries (10 is Riak's default)");
    }

    public static LeaderlessOptions defaults() {
        return new LeaderlessOptions(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static LeaderlessOptions from(ClusterSpec spec) {
        return BackendSettings.parse("leaderless", spec.leaderless(), LeaderlessOptions.class, LeaderlessOptions::defaults);
    }

    public boolean clientFanOut() {
        return fanOut.equals("client");
    }

    public ConflictModel<?> conflictModel() {
        return switch (conflicts) {
            case LwwModel.NAME -> new LwwModel();
            case MonotonicVersionModel.NAME -> new MonotonicVersionModel();
            default -> new VersionVectorModel(maxVectorEntries);
        };
    }

    private static String lower(String s, String dflt) {
        return s == null ? dflt : s.trim().toLowerCase(Locale.ROOT);
    }

    private static void check(String field, boolean ok, String problem) {
        if (!ok) {
            throw new ConfigException("leaderless." + field + ": " + problem);
        }
    }
}
