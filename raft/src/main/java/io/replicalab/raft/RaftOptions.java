package io.replicalab.raft;

import io.replicalab.api.config.BackendSettings;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ConfigException;
import java.time.Duration;

/**
 * The {@code raft:} section of a cluster config (kebab-case keys; an unknown key is a {@link ConfigException}).
 *
 * @param electionTimeoutMinMs lower bound of the randomized election timeout (default 150). Ratis derives the
 *                             leader's heartbeat interval from it (half of it); there is no separate knob
 * @param electionTimeoutMaxMs upper bound of the randomized election timeout (default 600, or twice the minimum if
 *                             that is more). A follower sleeps a random timeout and becomes a candidate if it heard
 *                             nothing for that long, else it sleeps a new one: a leader's death is noticed after the
 *                             rest of the current sleep plus one more, so a low minimum shortens failover
 * @param snapshotThreshold applied entries since the last snapshot that trigger a new one (default 100000);
 *                          the log is purged up to the snapshot, so it does not grow without bound
 * @param logPurgeGap smallest number of entries a purge removes (default 1024)
 * @param segmentSizeKb size at which a Raft log segment is closed (default 32768 = 32 MB); only closed
 *                      segments can be purged
 * @param segmentCacheSizeMb log segments kept in memory per server (default 16; Ratis's own is 200 MB, too much
 *                           with several servers in one test JVM)
 * @param clientAttemptTimeoutMs how long the Ratis client waits for one attempt before retrying (default 1000)
 * @param clientMaxAttempts attempts of the Ratis client's bounded retry policy (default 300: with the 10 ms
 *                          sleep, enough to ride out an election on a busy machine; the request deadline still bounds it)
 * @param clientRetrySleepMs pause between two attempts (default 10: it adds up to that much to a failover per
 *                           failed attempt while the client looks for the new leader)
 * @param clientPoolSize Ratis clients (each with its own gRPC connections) one {@code RaftKvClient} spreads its
 *                       requests over, round-robin (default 1: each of them has to find a new leader on its own)
 * @param clientBatchesInFlight Raft entries of writes one {@code RaftKvClient} has outstanding at once (default 1);
 *                              writes issued meanwhile wait and leave together as one entry (see {@code RequestBatcher})
 * @param clientBatchMaxOps writes in one such entry at most (default 128)
 * @param applyLogCapacity newest apply-log entries (and leader/term events) each replica keeps in memory
 *                         (default 100000); older ones are dropped, so a long run cannot exhaust the heap
 * @param clientWrites how a {@code RaftKvClient} sends a write entry: {@code blocking} (default: Ratis's blocking API
 *                     on a client thread, a new gRPC stream per entry) or {@code async} (Ratis's unordered async API,
 *                     every entry an independent request on one long-lived gRPC stream; not faster in our A/B runs,
 *                     see docs/benchmarks.md)
 * @param readBatching whether the concurrent linearizable gets of one {@code RaftKvClient} are sent together as one
 *                     multi-get read-only request, one ReadIndex round for all of them (default true; false sends
 *                     every get as its own request, as before; see {@code RequestBatcher#forReads})
 * @param readBatchesInFlight such multi-get requests one {@code RaftKvClient} has outstanding at once (default 1);
 *                            gets issued meanwhile wait and leave together ({@code client-batch-max-ops} at most)
 * @param readLease   leader-lease reads (Ratis's {@code Read.setLeaderLeaseEnabled}; default false): a
 *                    leader whose lease is valid takes the read index without the heartbeat round of ReadIndex. The
 *                    lease runs on the leader's monotonic clock ({@code System.nanoTime}: the clock-skew fault does not
 *                    touch it) and lasts 0.9 × election-timeout-min-ms after the send time of the heartbeat a majority
 *                    last answered; safe while clock <em>rates</em> differ by less than that margin. No gain in our
 *                    A/B runs with batched reads, and once a lease lapses Ratis falls back to the ReadIndex shortcut
 *                    that lets a deposed leader answer from its old state (docs/decisions.md)
 * @param grpcDirectExecutor run the node's gRPC service handlers on the Netty event loop instead of handing each
 *                           message to gRPC's executor (default false: saves a thread hop per received message, but a
 *                           link delay fault then sleeps on the event loop and delays other links' messages too)
 * @param appendEntriesCompose Ratis's {@code raft.server.log.append-entries.compose.enabled} (default false, Ratis's
 *                             own default is true): when on, a follower starts writing the entries of an AppendEntries
 *                             only after the previous one's entries are forced to disk, through a hop to the JVM's
 *                             common pool (RATIS-2235); off, it appends them at once, as Ratis did before 3.2 and as
 *                             Apache Ozone configures it (HDDS-14874). See docs/benchmarks.md, "Fifth slice"
 * @param linearizableReads how a linearizable get is answered: {@code log} (default: the get, or a batch of gets, is
 *                          a Raft entry like a write, answered when it is applied; a leader that has been deposed
 *                          cannot commit it, so it cannot answer from an old state) or {@code read-index} (Ratis's
 *                          ReadIndex: no log entry, one heartbeat round, but Ratis 3.3.0 skips that round when the
 *                          commit index has not moved since the last one a majority confirmed, so a deposed leader
 *                          answers from its old state until it steps down; see docs/decisions.md, "Known flaw")
 */
public record RaftOptions(Integer electionTimeoutMinMs, Integer electionTimeoutMaxMs, Long snapshotThreshold,
                          Integer logPurgeGap, Integer segmentSizeKb, Integer segmentCacheSizeMb,
                          Integer clientAttemptTimeoutMs, Integer clientMaxAttempts, Integer clientRetrySleepMs,
                          Integer clientPoolSize, Integer clientBatchesInFlight, Integer clientBatchMaxOps,
                          Integer applyLogCapacity, String clientWrites, Boolean grpcDirectExecutor,
                          Boolean readBatching, Integer readBatchesInFlight, Boolean readLease,
                          Boolean appendEntriesCompose, String linearizableReads) {
    /** {@code linearizable-reads: log}: linearizable gets are Raft entries. */
    public static final String READS_THROUGH_LOG = "log";
    /** {@code linearizable-reads: read-index}: linearizable gets are Ratis ReadIndex reads. */
    public static final String READS_BY_READ_INDEX = "read-index";

    public RaftOptions {
        electionTimeoutMinMs = electionTimeoutMinMs == null ? 150 : electionTimeoutMinMs;
        electionTimeoutMaxMs = electionTimeoutMaxMs == null ? Math.max(600, 2 * electionTimeoutMinMs) : electionTimeoutMaxMs;
        snapshotThreshold = snapshotThreshold == null ? 100_000L : snapshotThreshold;
        logPurgeGap = logPurgeGap == null ? 1024 : logPurgeGap;
        segmentSizeKb = segmentSizeKb == null ? 32 * 1024 : segmentSizeKb;
        segmentCacheSizeMb = segmentCacheSizeMb == null ? 16 : segmentCacheSizeMb;
        clientAttemptTimeoutMs = clientAttemptTimeoutMs == null ? 1000 : clientAttemptTimeoutMs;
        clientMaxAttempts = clientMaxAttempts == null ? 300 : clientMaxAttempts;
        clientRetrySleepMs = clientRetrySleepMs == null ? 10 : clientRetrySleepMs;
        clientPoolSize = clientPoolSize == null ? 1 : clientPoolSize;
        clientBatchesInFlight = clientBatchesInFlight == null ? 1 : clientBatchesInFlight;
        clientBatchMaxOps = clientBatchMaxOps == null ? 128 : clientBatchMaxOps;
        applyLogCapacity = applyLogCapacity == null ? 100_000 : applyLogCapacity;
        clientWrites = clientWrites == null ? "blocking" : clientWrites.toLowerCase(java.util.Locale.ROOT);
        grpcDirectExecutor = grpcDirectExecutor != null && grpcDirectExecutor;
        readBatching = readBatching == null || readBatching;
        readBatchesInFlight = readBatchesInFlight == null ? 1 : readBatchesInFlight;
        readLease = readLease != null && readLease;
        appendEntriesCompose = appendEntriesCompose != null && appendEntriesCompose;
        linearizableReads = linearizableReads == null ? READS_THROUGH_LOG : linearizableReads.toLowerCase(java.util.Locale.ROOT);
        check("election-timeout-min-ms", electionTimeoutMinMs >= 20, electionTimeoutMinMs + " is too small: use 20 or more (150 is the default)");
        check("election-timeout-max-ms", electionTimeoutMaxMs > electionTimeoutMinMs,
                electionTimeoutMaxMs + " must be above election-timeout-min-ms (" + electionTimeoutMinMs + ")");
        check("snapshot-threshold", snapshotThreshold >= 1, snapshotThreshold + " must be at least 1");
        check("log-purge-gap", logPurgeGap >= 1, logPurgeGap + " must be at least 1");
        check("segment-size-kb", segmentSizeKb >= 4, segmentSizeKb + " is too small: use 4 or more");
        check("segment-cache-size-mb", segmentCacheSizeMb >= 1, segmentCacheSizeMb + " must be at least 1");
        check("client-attempt-timeout-ms", clientAttemptTimeoutMs >= 10, clientAttemptTimeoutMs + " is too small: use 10 or more");
        check("client-max-attempts", clientMaxAttempts >= 1, clientMaxAttempts + " must be at least 1");
        check("client-retry-sleep-ms", clientRetrySleepMs >= 0, clientRetrySleepMs + " is negative");
        check("client-pool-size", clientPoolSize >= 1 && clientPoolSize <= 256, clientPoolSize + " is out of range: use 1 to 256");
        check("client-batches-in-flight", clientBatchesInFlight >= 1 && clientBatchesInFlight <= 1024,
                clientBatchesInFlight + " is out of range: use 1 to 1024");
        check("client-batch-max-ops", clientBatchMaxOps >= 1 && clientBatchMaxOps <= 65536,
                clientBatchMaxOps + " is out of range: use 1 (no batching) to 65536");
        check("apply-log-capacity", applyLogCapacity >= 1, applyLogCapacity + " must be at least 1");
        check("client-writes", clientWrites.equals("async") || clientWrites.equals("blocking"),
                "'" + clientWrites + "' is unknown: use blocking (the default) or async");
        check("read-batches-in-flight", readBatchesInFlight >= 1 && readBatchesInFlight <= 1024,
                readBatchesInFlight + " is out of range: use 1 to 1024");
        check("linearizable-reads", linearizableReads.equals(READS_THROUGH_LOG) || linearizableReads.equals(READS_BY_READ_INDEX),
                "'" + linearizableReads + "' is unknown: use log (the default) or read-index");
    }

    public static RaftOptions defaults() {
        return new RaftOptions(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    public static RaftOptions from(ClusterSpec spec) {
        return BackendSettings.parse("raft", spec.raft(), RaftOptions.class, RaftOptions::defaults);
    }

    /** Whether writes go through Ratis's unordered async API ({@code client-writes: async}). */
    public boolean asyncWrites() {
        return clientWrites.equals("async");
    }

    /** Whether linearizable gets are Raft entries ({@code linearizable-reads: log}, the default). */
    public boolean readsThroughLog() {
        return linearizableReads.equals(READS_THROUGH_LOG);
    }

    public Duration clientAttemptTimeout() {
        return Duration.ofMillis(clientAttemptTimeoutMs);
    }

    private static void check(String field, boolean ok, String problem) {
        if (!ok) {
            throw new ConfigException("raft." + field + ": " + problem);
        }
    }
}
