package io.replicalab.experiments.bench;

import io.replicalab.api.CausalContext;
import io.replicalab.api.KvClient;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ReplicationSpec;
import io.replicalab.experiments.cluster.Backends;
import io.replicalab.experiments.cluster.LoopbackClusters;
import io.replicalab.experiments.cluster.NodeAdmins;
import io.replicalab.experiments.cluster.ProcessCluster;
import io.replicalab.node.admin.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Failover time of a leader-based backend: a cluster of node processes on loopback with writers
 * running, the leader killed with {@code kill -9}, and the time from the kill to the first
 * acknowledged write that was submitted after it. Each trial then restarts the killed node and waits
 * until it has caught up, so every kill hits a full cluster. The leader is the node whose admin
 * status reports {@code role: leader}.
 */
public final class FailoverBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private FailoverBenchmark() {
    }

    /**
     * @param backend a backend with a leader ({@code raft})
     * @param trials leader kills
     * @param writers sequential writers running through each kill (more of them = finer time resolution)
     */
    public record Options(String backend, int trials, int writers) {
        public Options {
            if (trials < 1) {
                throw new IllegalArgumentException("--trials must be at least 1");
            }
            if (writers < 1) {
                throw new IllegalArgumentException("--writers must be at least 1");
            }
        }
    }

    /**
     * One kill: which node led, how long after its kill the first new write was acknowledged, and when the
     * new leader saw itself elected (from its {@code leader-events} or {@code promotions} admin resource; NaN
     * when it recorded neither).
     */
    public record Trial(String killedLeader, String newLeader, double failoverMillis, double electedMillis) {
        /** {@link #electedMillis} for people: {@code 612 ms}, or {@code n/a} when the new leader recorded no election. */
        public String elected() {
            return Double.isNaN(electedMillis) ? "n/a" : String.format("%.0f ms", electedMillis);
        }
    }

    /** @param electionTimeout what the nodes report as their election timeout (e.g. {@code 300-600}), or null */
    public record Result(Options options, List<Trial> trials, String electionTimeout) {
        public double median() {
            double[] sorted = trials.stream().mapToDouble(Trial::failoverMillis).sorted().toArray();
            return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }

        public double max() {
            return trials.stream().mapToDouble(Trial::failoverMillis).max().orElse(Double.NaN);
        }
    }

    public static Result run(Options o, Consumer<String> progress) throws Exception {
        return run(o, java.util.Map.of(), progress);
    }

    /** Like {@link #run(Options, Consumer)} with {@code settings} put into the backend's config section (as {@code bench kv --set}). */
    public static Result run(Options o, java.util.Map<String, String> settings, Consumer<String> progress) throws Exception {
        ReplicationBackend backend = Backends.named(o.backend());
        Path root = Files.createTempDirectory("replicalab-failover-");
        try {
            ClusterSpec spec = LoopbackClusters.withSettings(LoopbackClusters.spec(backend.name(), 3, root.resolve("data"),
                    "always", new ReplicationSpec(3, 2, 2)), settings);
            try (KvClient client = backend.newClient(spec); ProcessCluster cluster = ProcessCluster.start(spec, root.resolve("cluster"))) {
                progress.accept("cluster up: 3 " + backend.name() + " nodes as processes, fsync always, " + o.writers()
                        + " writers");
                NodeAdmins admins = new NodeAdmins(spec);
                List<Trial> trials = new ArrayList<>();
                String electionTimeout = null;
                for (int t = 1; t <= o.trials(); t++) {
                    KvBenchmark.awaitWritable(client, new byte[1], WriteOptions.defaults(), line -> { });
                    NodeStatus leader = admins.awaitLeader(null, WAIT);
                    // What bounds the failover: raft's election timeout, or the ZooKeeper session of a primary.
                    electionTimeout = String.valueOf(leader.details().getOrDefault("election-timeout-ms",
                            "session " + leader.details().get("session-timeout-ms")));
                    Trial trial = killLeaderUnderLoad(o, admins, client, cluster, leader.nodeId());
                    trials.add(trial);
                    progress.accept(String.format("trial %d: killed leader %s; %s elected after %s; first write ok after %.0f ms",
                            t, trial.killedLeader(), trial.newLeader(), trial.elected(), trial.failoverMillis()));
                    cluster.restart(trial.killedLeader());
                    awaitCaughtUp(admins, trial.killedLeader());
                }
                return new Result(o, trials, electionTimeout);
            }
        } finally {
            io.replicalab.node.NodeDataDir.wipe(root);
        }
    }

    private static Trial killLeaderUnderLoad(Options o, NodeAdmins admins, KvClient client, ProcessCluster cluster,
                                             String leader) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        CompletableFuture<Long> firstOkAfterKill = new CompletableFuture<>();
        WriteOptions w = WriteOptions.defaults().withTimeout(WRITE_TIMEOUT);
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < o.writers(); i++) {
            String prefix = "failover-" + leader + "-" + i + "-";
            Thread writer = new Thread(() -> {
                long n = 0;
                while (running.get()) {
                    long submitted = System.nanoTime();
                    try {
                        client.put(prefix + n++, new byte[100], CausalContext.EMPTY, w).toCompletableFuture().join();
                        if (submitted > killedAt.get()) {
                            firstOkAfterKill.complete(System.nanoTime());
                        }
                    } catch (RuntimeException e) {
                        // info or fail while there is no leader: keep trying
                    }
                }
            }, "failover-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
        try {
            Thread.sleep(500); // writers are running before the kill: a benchmark phase, not a condition wait
            long killedWallMillis = System.currentTimeMillis();
            killedAt.set(System.nanoTime());
            cluster.kill9(leader);
            long ok = firstOkAfterKill.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            String newLeader = admins.awaitLeader(leader, WAIT).nodeId();
            return new Trial(leader, newLeader, (ok - killedAt.get()) / 1e6,
                    electedAt(admins, newLeader, killedWallMillis) - killedWallMillis);
        } finally {
            running.set(false);
            for (Thread writer : writers) {
                writer.join(WRITE_TIMEOUT.toMillis() * 2);
            }
        }
    }

    /**
     * Wall-clock time at which {@code leader} recorded itself elected after {@code since}: raft's {@code leader-events}
     * or single-leader's {@code promotions}; NaN if it has neither.
     */
    private static double electedAt(NodeAdmins admins, String leader, long since) {
        for (String resource : List.of("leader-events", "promotions")) {
            com.fasterxml.jackson.databind.JsonNode events;
            try {
                events = admins.admin(leader).resource(resource);
            } catch (RuntimeException e) {
                continue; // the backend has no such resource
            }
            double at = electedAt(events, leader, since);
            if (!Double.isNaN(at)) {
                return at;
            }
        }
        return Double.NaN;
    }

    /**
     * The time of the first event in {@code events} after {@code since} that says {@code leader} took over: a raft
     * leader change to it, or its single-leader promotion; NaN if none.
     */
    static double electedAt(Iterable<com.fasterxml.jackson.databind.JsonNode> events, String leader, long since) {
        for (com.fasterxml.jackson.databind.JsonNode e : events) {
            boolean raftLeader = leader.equals(e.path("leader").asText());
            boolean promoted = "promoted".equals(e.path("kind").asText()) && leader.equals(e.path("node").asText());
            if ((raftLeader || promoted) && e.path("at-millis").asLong() >= since) {
                return e.path("at-millis").asLong();
            }
        }
        return Double.NaN;
    }

    /** Waits until {@code id} has applied as far as the leader had when this was called. */
    private static void awaitCaughtUp(NodeAdmins admins, String id) throws InterruptedException {
        long target = admins.detail(admins.awaitLeader(null, WAIT).nodeId(), "applied-index");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (admins.detail(id, "applied-index") >= target) {
                return;
            }
            Thread.sleep(50); // polling the admin endpoint
        }
        throw new IllegalStateException("restarted node " + id + " did not catch up within " + WAIT.toSeconds() + " s");
    }
}
