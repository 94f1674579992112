package io.replicalab.singleleader;

import io.replicalab.api.config.BackendSettings;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ConfigException;
import io.replicalab.singleleader.core.PrimaryCore;
import io.replicalab.singleleader.core.ReplicationMode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@code single-leader:} section of a cluster config (kebab-case keys; an unknown key is a
 * {@link ConfigException} naming the valid ones).
 *
 * @param mode {@code async} (ack after the primary's durable write), {@code semi-sync} (and k replicas),
 *             {@code sync} (and every live replica)
 * @param semiSyncK replicas a semi-sync ack waits for (default 1)
 * @param election {@code latch} (Curator LeaderLatch over ZooKeeper), {@code ttl-lock} (a lock znode with
 *                 an expiry, renewed; the weak mode of seed 003) or {@code fixed} (the lowest node id
 *                 leads forever, epoch 1: no failover, no ZooKeeper)
 * @param promotionPolicy {@code any} (whoever wins the election) or {@code most-up-to-date} (a winner
 *                        steps back while a live node reports a later log position)
 * @param fencing whether epochs are enforced: replicas refuse older-epoch entries and a primary that
 *                learns of a newer epoch stops taking writes
 * @param zookeeper {@code embedded} (node {@code n1}'s process runs a ZooKeeper server) or a connect string
 * @param zookeeperPort port of the embedded ZooKeeper (default 2181)
 * @param sessionTimeoutMs ZooKeeper session timeout: how long until a silent primary loses leadership
 * @param connectionTimeoutMs how long a ZooKeeper connection attempt may take
 * @param connectionPolicy {@code lost} (leadership ends when the session is lost) or {@code suspended}
 *                         (already when the connection is suspended: safer, more false failovers)
 * @param ttlMs lifetime of a ttl-lock grant; its holder renews it every third of it
 * @param settleMs how long a most-up-to-date candidate waits for the others to publish their positions
 * @param replicaTimeoutMs a replica that owes the primary an answer this long is no longer live (sync stops waiting)
 * @param heartbeatMs idle replicas get an empty append this often
 * @param maxBatch entries per append at most
 * @param maxInFlight appends in flight per replica at most
 * @param cacheEntries recent log entries kept in memory for shipping
 * @param walRetainEntries WAL records each node keeps at most (older ones are deleted); 0, the default,
 *                         keeps them all. A replica further behind than that gets a full state transfer,
 *                         and apply logs lose what is deleted.
 */
public record SingleLeaderOptions(String mode, Integer semiSyncK, String election, String promotionPolicy,
                                  Boolean fencing, String zookeeper, Integer zookeeperPort, Integer sessionTimeoutMs,
                                  Integer connectionTimeoutMs, String connectionPolicy, Integer ttlMs, Integer settleMs,
                                  Integer replicaTimeoutMs, Integer heartbeatMs, Integer maxBatch, Integer maxInFlight,
                                  Integer cacheEntries, Integer walRetainEntries) {
    public static final String SECTION = "single-leader";
    private static final List<String> MODES = List.of("async", "semi-sync", "sync");
    private static final List<String> ELECTIONS = List.of("latch", "ttl-lock", "fixed");
    private static final List<String> POLICIES = List.of("any", "most-up-to-date");
    private static final List<String> CONNECTION_POLICIES = List.of("lost", "suspended");

    public SingleLeaderOptions {
        mode = lower(mode, "async");
        semiSyncK = semiSyncK == null ? 1 : semiSyncK;
        election = lower(election, "latch");
        promotionPolicy = lower(promotionPolicy, "most-up-to-date");
        fencing = fencing == null || fencing;
        zookeeper = zookeeper == null ? "embedded" : zookeeper.trim();
        zookeeperPort = zookeeperPort == null ? 2181 : zookeeperPort;
        sessionTimeoutMs = sessionTimeoutMs == null ? 4000 : sessionTimeoutMs;
        connectionTimeoutMs = connectionTimeoutMs == null ? 2000 : connectionTimeoutMs;
        connectionPolicy = lower(connectionPolicy, "lost");
        ttlMs = ttlMs == null ? 3000 : ttlMs;
        settleMs = settleMs == null ? 300 : settleMs;
        replicaTimeoutMs = replicaTimeoutMs == null ? 1000 : replicaTimeoutMs;
        heartbeatMs = heartbeatMs == null ? 100 : heartbeatMs;
        maxBatch = maxBatch == null ? 256 : maxBatch;
        maxInFlight = maxInFlight == null ? 4 : maxInFlight;
        cacheEntries = cacheEntries == null ? 100_000 : cacheEntries;
        walRetainEntries = walRetainEntries == null ? 0 : walRetainEntries;
        check("mode", MODES.contains(mode), "'" + mode + "' is unknown: use one of " + MODES);
        check("semi-sync-k", semiSyncK >= 1, semiSyncK + " must be at least 1 (use mode: async for no replica acks)");
        check("election", ELECTIONS.contains(election), "'" + election + "' is unknown: use one of " + ELECTIONS);
        check("promotion-policy", POLICIES.contains(promotionPolicy), "'" + promotionPolicy + "' is unknown: use one of " + POLICIES);
        check("zookeeper", !zookeeper.isEmpty(), "is empty: use embedded or a connect string such as 127.0.0.1:2181");
        check("zookeeper-port", zookeeperPort > 0 && zookeeperPort < 65536, zookeeperPort + " is not a port: use 1..65535");
        check("session-timeout-ms", sessionTimeoutMs >= 100, sessionTimeoutMs + " is too small: use 100 or more");
        check("connection-timeout-ms", connectionTimeoutMs >= 50, connectionTimeoutMs + " is too small: use 50 or more");
        check("connection-policy", CONNECTION_POLICIES.contains(connectionPolicy), "'" + connectionPolicy
                + "' is unknown: use one of " + CONNECTION_POLICIES);
        check("ttl-ms", ttlMs >= 30, ttlMs + " is too small: use 30 or more");
        check("settle-ms", settleMs >= 0, settleMs + " is negative");
        check("replica-timeout-ms", replicaTimeoutMs >= 10, replicaTimeoutMs + " is too small: use 10 or more");
        check("heartbeat-ms", heartbeatMs >= 5, heartbeatMs + " is too small: use 5 or more");
        check("max-batch", maxBatch >= 1, maxBatch + " must be at least 1");
        check("max-in-flight", maxInFlight >= 1, maxInFlight + " must be at least 1");
        check("cache-entries", cacheEntries >= 1, cacheEntries + " must be at least 1");
        check("wal-retain-entries", walRetainEntries >= 0, walRetainEntries + " is negative: use 0 (keep every record) or more");
    }

    public static SingleLeaderOptions defaults() {
        return new SingleLeaderOptions(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    public static SingleLeaderOptions from(ClusterSpec spec) {
        SingleLeaderOptions o = BackendSettings.parse(SECTION, spec.singleLeader(), SingleLeaderOptions.class,
                SingleLeaderOptions::defaults);
        int replicas = spec.nodes().size() - 1;
        if (o.replicationMode() == ReplicationMode.SEMI_SYNC && o.semiSyncK() > replicas) {
            throw new ConfigException(SECTION + ".semi-sync-k: " + o.semiSyncK() + " exceeds the " + replicas
                    + " replicas of a " + spec.nodes().size() + "-node cluster: use 1.." + Math.max(1, replicas));
        }
        return o;
    }

    public ReplicationMode replicationMode() {
        return ReplicationMode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public boolean mostUpToDate() {
        return promotionPolicy.equals("most-up-to-date");
    }

    /** Fencing as enforced: never in ttl-lock mode, which is the no-fencing weak setup by definition. */
    public boolean effectiveFencing() {
        return fencing && !election.equals("ttl-lock");
    }

    public boolean embeddedZooKeeper() {
        return zookeeper.equals("embedded");
    }

    public PrimaryCore.Config coreConfig() {
        return new PrimaryCore.Config(replicationMode(), semiSyncK, maxBatch, maxInFlight,
                TimeUnit.MILLISECONDS.toNanos(replicaTimeoutMs), TimeUnit.MILLISECONDS.toNanos(heartbeatMs),
                TimeUnit.MILLISECONDS.toNanos(Math.max(heartbeatMs, 50)));
    }

    private static String lower(String s, String dflt) {
        return s == null ? dflt : s.trim().toLowerCase(Locale.ROOT);
    }

    private static void check(String field, boolean ok, String problem) {
        if (!ok) {
            throw new ConfigException(SECTION + "." + field + ": " + problem);
        }
    }
}
