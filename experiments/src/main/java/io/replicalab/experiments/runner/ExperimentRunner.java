package io.replicalab.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.Consistency;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvClient;
import io.replicalab.api.KvException;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.AdminSpec;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ClusterSpecValidator;
import io.replicalab.api.config.RpcSpec;
import io.replicalab.api.config.StorageSpec;
import io.replicalab.experiments.checker.NodeLoadChecker;
import io.replicalab.experiments.cluster.Backends;
import io.replicalab.experiments.cluster.Cluster;
import io.replicalab.experiments.cluster.FreshPortStarts;
import io.replicalab.experiments.cluster.LocalCluster;
import io.replicalab.experiments.cluster.LoopbackClusters;
import io.replicalab.experiments.cluster.ProcessCluster;
import io.replicalab.experiments.cluster.TempDirs;
import io.replicalab.experiments.history.HistoryWriter;
import io.replicalab.experiments.nemesis.Nemesis;
import io.replicalab.experiments.nemesis.NemesisRunner;
import io.replicalab.experiments.nemesis.NemesisSchedule;
import io.replicalab.experiments.spec.ClusterSection;
import io.replicalab.experiments.spec.ExperimentSpec;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import io.replicalab.experiments.workload.WorkloadParams;
import io.replicalab.experiments.workload.Workloads;
import io.replicalab.node.applylog.ApplyLogEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one experiment spec against one backend and writes its run directory (see the run-layout
 * contract): starts the cluster, runs the clients and the nemesis for the spec's duration, heals and
 * restores the cluster, lets it quiesce, reads every key touched with the strongest read the backend
 * accepts (after a {@code phase} event {@code final-reads}), collects every node's apply log and stops
 * the cluster. Node data lives in a temp dir that is deleted afterwards; node processes never outlive
 * the run, whether it ends, throws, is interrupted or the JVM gets Ctrl-C / SIGTERM ({@link ProcessCluster}
 * kills and waits for its nodes on close and in its own shutdown hook; the run's hook also removes the data).
 */
public final class ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINES = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FINAL_READ_PATIENCE = Duration.ofSeconds(15);
    private static final Duration FINAL_READ_RETRY = Duration.ofMillis(200);

    /** Where a finished run is and how its operations ended. */
    public record Result(Path runDir, String backend, long ok, long fail, long info, Duration workloadTime) {
    }

    private ExperimentRunner() {
    }

    /**
     * Runs {@code spec} (against {@code spec.cluster().backend()}) into {@code runDir}, reporting progress
     * lines (one per second while the workload runs) to {@code progress}.
     *
     * @throws io.replicalab.node.PendingBackend.BackendNotReadyException when the backend has not landed
     */
    public static Result run(ExperimentSpec spec, Path runDir, Consumer<String> progress) throws Exception {
        String backendName = spec.cluster().backend();
        Backends.named(backendName); // an unknown backend fails before anything is created
        Path data = Files.createTempDirectory("replicalab-data-");
        try {
            ClusterSpec clusterSpec = clusterSpec(spec, data);
            // A backend that has not landed fails here, before any node or file is created.
            Backends.named(backendName).newClient(clusterSpec).close();
            Files.createDirectories(runDir);
            return new Run(spec, clusterSpec, runDir, data, progress).execute();
        } finally {
            TempDirs.deleteRecursively(data);
        }
    }

    /** The cluster config an experiment's {@code cluster:} section stands for: loopback, free ports, data under {@code data}. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // back-off between retries of a final read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the final reads", e);
        }
    }

    static ClusterSpec clusterSpec(ExperimentSpec spec, Path data) {
        ClusterSection c = spec.cluster();
        ClusterSpec cs = new ClusterSpec(spec.name(), c.backend(), c.replication(), LoopbackClusters.nodes(c.nodes()),
                new StorageSpec(c.storage(), data.toAbsolutePath(), c.fsync()),
                new RpcSpec(null, c.requestTimeoutMs(), Math.min(500, c.requestTimeoutMs()), null), AdminSpec.defaults(),
                c.leaderless(), c.raft(), withFreeZooKeeperPort(c.singleLeader()));
        return ClusterSpecValidator.validate(cs);
    }

    /** The single-leader section with its embedded ZooKeeper on a free port unless the spec names one. */
    private static ObjectNode withFreeZooKeeperPort(ObjectNode section) {
        ObjectNode out = section == null ? JsonNodeFactory.instance.objectNode() : section.deepCopy();
        if (!out.has("zookeeper-port")) {
            out.put("zookeeper-port", io.replicalab.experiments.cluster.StablePorts.pick(1)[0]);
        }
        return out;
    }

    /** One run in progress. */
    private static final class Run {
        final ExperimentSpec spec;
        final ClusterSpec clusterSpec;
        final Path runDir;
        final Path data;
        final Consumer<String> progress;
        final String backend;
        final RunCounters counters = new RunCounters();
        final Set<String> keysTouched = new ConcurrentSkipListSet<>();
        final long startedAtMillis = System.currentTimeMillis();
        final ObjectNode extra = JsonNodeFactory.instance.objectNode();
        Duration workloadTime = Duration.ZERO;

        Run(ExperimentSpec spec, ClusterSpec clusterSpec, Path runDir, Path data, Consumer<String> progress) {
            this.spec = spec;
            this.clusterSpec = clusterSpec;
            this.runDir = runDir;
            this.data = data;
            this.progress = progress;
            this.backend = clusterSpec.backend();
        }

        Result execute() throws Exception {
            writeRunJson();
            progress.accept("[" + backend + "] starting " + clusterSpec.nodes().size() + " nodes (" + spec.cluster().kind()
                    + " cluster, fsync " + clusterSpec.storage().fsync() + ") into " + runDir);
            Cluster cluster = FreshPortStarts.start(clusterSpec, this::retrySpec, this::pickedPorts,
                    cs -> spec.cluster().isProcess() ? ProcessCluster.start(cs, runDir) : LocalCluster.start(cs), progress);
            // Ctrl-C skips the finally blocks: stop the nodes (waiting for them), then remove their data.
            Thread killOnExit = new Thread(() -> {
                cluster.close();
                TempDirs.deleteRecursively(data);
            }, "run-cleanup");
            Runtime.getRuntime().addShutdownHook(killOnExit);
            try (cluster) {
                awaitReady(cluster);
                // The history's clock starts with the workload, not with the cluster's start-up.
                try (HistoryWriter history = HistoryWriter.create(runDir.resolve("history.jsonl"))) {
                    runWorkload(cluster, history);
                }
                collectApplyLogs(cluster);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(killOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook runs anyway
                }
            }
            writeRunJson();
            return new Result(runDir, backend, counters.ok(), counters.fail(), counters.info(), workloadTime);
        }

        /** The same cluster on newly picked ports, with data of its own (a failed start may have written some). */
        private ClusterSpec retrySpec() {
            try {
                return clusterSpec(spec, Files.createTempDirectory(data, "retry-"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a data dir under " + data + ": " + e.getMessage(), e);
            }
        }

        /** The ports {@link #clusterSpec} picked: every node's, and ZooKeeper's unless the spec names it. */
        private Set<Integer> pickedPorts(ClusterSpec cs) {
            Set<Integer> ports = new HashSet<>(FreshPortStarts.nodePorts(cs));
            ObjectNode section = spec.cluster().singleLeader();
            if (section == null || !section.has("zookeeper-port")) {
                cs.backendSection("single-leader").map(s -> s.path("zookeeper-port")).filter(JsonNode::isInt)
                        .ifPresent(p -> ports.add(p.asInt()));
            }
            return ports;
        }

        /** Waits until the cluster answers a read (a Raft leader is elected, a quorum is up); not recorded. */
        private void awaitReady(Cluster cluster) throws InterruptedException {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            try (KvClient client = cluster.newClient()) {
                while (true) {
                    try {
                        client.blocking().get("replicalab-ready", ReadOptions.defaults());
                        return;
                    } catch (KvException e) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("the " + backend + " cluster did not answer a read within "
                                    + READY_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
                        }
                        Thread.sleep(100); // polling a cluster that is still electing or connecting
                    }
                }
            }
        }

        private void runWorkload(Cluster cluster, HistoryWriter history) throws Exception {
            Duration duration = spec.durationValue();
            ReadOptions read = spec.consistency().readOptions(backend);
            WriteOptions write = spec.consistency().writeOptions(backend);
            int clients = spec.clients();
            List<ClientProcess> processes = new ArrayList<>();
            List<KvClient> kvClients = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            try (BackendEventWatcher events = new BackendEventWatcher(cluster, history);
                 NemesisRunner nemesis = new NemesisRunner(new Nemesis(cluster, history, spec.seed()), cluster)) {
                for (int i = 0; i < clients; i++) {
                    KvClient kv = cluster.newClient();
                    kvClients.add(kv);
                    processes.add(new ClientProcess(i, clients, Workloads.client(new WorkloadParams(spec.workload(), i, clients,
                            spec.seed(), read, write)), kv, history, counters, keysTouched));
                }
                events.start(Duration.ofMillis(200));
                Map<String, Map<String, Long>> requestsBefore = NodeRequests.snapshot(cluster);
                long start = System.nanoTime();
                nemesis.start(NemesisSchedule.plan(spec.nemesis(), duration, spec.seed()));
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    ClientProcess p = processes.get(i);
                    Thread t = new Thread(() -> clientLoop(p, start, duration, running), "client-" + i);
                    t.setDaemon(true);
                    threads.add(t);
                    t.start();
                }
                reportProgress(start, duration);
                running.set(false);
                for (Thread t : threads) {
                    t.join(RESTORE_TIMEOUT.toMillis());
                }
                workloadTime = Duration.ofNanos(System.nanoTime() - start);
                ObjectNode served = NodeRequests.between(requestsBefore, NodeRequests.snapshot(cluster));
                if (!served.isEmpty()) {
                    extra.set(NodeLoadChecker.RUN_JSON_FIELD, served);
                    List<String> missing = cluster.nodeIds().stream().filter(id -> !served.has(id)).toList();
                    if (!missing.isEmpty()) {
                        extra.set(NodeLoadChecker.MISSING_FIELD, JSON.valueToTree(missing));
                    }
                }
                progress.accept("[" + backend + "] workload done; healing, restarting dead nodes, quiescing "
                        + spec.nemesis().quiesceDuration().toMillis() + " ms");
                nemesis.healAndRestore(RESTORE_TIMEOUT);
                Thread.sleep(spec.nemesis().quiesceDuration().toMillis()); // the quiesce period is part of the experiment
                finalReads(cluster, history, processes, write);
                events.close();
            } finally {
                kvClients.forEach(KvClient::close);
            }
            history.flush();
        }

        private void clientLoop(ClientProcess p, long start, Duration duration, AtomicBoolean running) {
            long end = start + duration.toNanos();
            double rate = spec.rate();
            long interval = rate > 0 ? (long) (1e9 * spec.clients() / rate) : 0;
            long next = System.nanoTime();
            while (running.get() && System.nanoTime() < end) {
                if (interval > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing to the target rate
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    next += interval;
                }
                try {
                    p.step();
                } catch (RuntimeException e) {
                    LOG.warn("client {} stopped: {}", Thread.currentThread().getName(), e.toString(), e);
                    return;
                }
            }
        }

        private void reportProgress(long start, Duration duration) throws InterruptedException {
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000))); // one line per second
                long elapsed = Math.round((System.nanoTime() - start) / 1e9);
                progress.accept(String.format("[%s] %3d/%d s  ok %d  fail %d  info %d", backend, elapsed, duration.toSeconds(),
                        counters.ok(), counters.fail(), counters.info()));
            }
        }

        /** Phase marker, then a read of every key touched with the strongest read the backend accepts. */
        private void finalReads(Cluster cluster, HistoryWriter history, List<ClientProcess> workers, WriteOptions write) {
            List<String> keys = new ArrayList<>(new TreeSet<>(keysTouched));
            ReadOptions strongest;
            try (KvClient client = cluster.newClient()) {
                strongest = strongestRead(client, keys.isEmpty() ? "replicalab-ready" : keys.get(0));
            }
            extra.put("finalReadConsistency", strongest.consistency().name().toLowerCase(java.util.Locale.ROOT));
            history.backendEvent("phase", null, JsonNodeFactory.instance.objectNode().put("name", "final-reads")
                    .put("consistency", strongest.consistency().name().toLowerCase(java.util.Locale.ROOT)));
            int process = workers.stream().mapToInt(ClientProcess::process).max().orElse(0) + 1;
            try (KvClient client = cluster.newClient()) {
                var workload = Workloads.client(new WorkloadParams(spec.workload(), 0, 1, spec.seed(), strongest, write));
                ClientProcess reader = new ClientProcess(process, 1, workload, client, history, counters, new TreeSet<>());
                for (String key : keys) {
                    // Every attempt is recorded; a cluster still settling (an election after the heal) gets time.
                    long deadline = System.nanoTime() + FINAL_READ_PATIENCE.toNanos();
                    while (reader.run(workload.finalRead(key)) != io.replicalab.experiments.history.EventType.OK
                            && System.nanoTime() < deadline) {
                        pause(FINAL_READ_RETRY);
                    }
                }
            }
            progress.accept("[" + backend + "] final reads of " + keys.size() + " keys at " + extra.get("finalReadConsistency").asText());
        }

        /** LINEARIZABLE, else ALL, else QUORUM, else the default: the first level the backend does not reject. */
        private static ReadOptions strongestRead(KvClient client, String key) {
            for (Consistency c : List.of(Consistency.LINEARIZABLE, Consistency.ALL, Consistency.QUORUM)) {
                try {
                    client.blocking().get(key, ReadOptions.of(c));
                    return ReadOptions.of(c);
                } catch (InvalidRequestException e) {
                    LOG.debug("final reads: {} rejected ({})", c, e.getMessage());
                } catch (KvException e) {
                    return ReadOptions.of(c); // accepted, just unlucky: the final reads retry
                }
            }
            return ReadOptions.defaults();
        }

        private void collectApplyLogs(Cluster cluster) throws IOException {
            Path dir = Files.createDirectories(runDir.resolve("apply-logs"));
            ObjectNode errors = JsonNodeFactory.instance.objectNode();
            for (String id : cluster.nodeIds()) {
                List<ApplyLogEntry> entries;
                try {
                    entries = cluster.applyLog(id);
                } catch (RuntimeException e) {
                    LOG.warn("no apply log from {}: {}", id, e.getMessage());
                    errors.put(id, e.getMessage());
                    continue;
                }
                try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(id + ".jsonl"), StandardCharsets.UTF_8)) {
                    for (ApplyLogEntry e : entries) {
                        out.write(LINES.writeValueAsString(e));
                        out.write('\n');
                    }
                }
            }
            if (!errors.isEmpty()) {
                extra.set("applyLogErrors", errors);
            }
        }

        private void writeRunJson() throws IOException {
            ObjectNode run = JsonNodeFactory.instance.objectNode();
            run.put("backend", backend);
            run.put("workload", spec.workload().type());
            run.set("nodes", JSON.valueToTree(clusterSpec.nodeIds()));
            run.put("fsync", clusterSpec.storage().fsync());
            run.put("seed", spec.seed());
            run.put("startedAtMillis", startedAtMillis);
            run.put("durationMs", workloadTime.isZero() ? spec.durationValue().toMillis() : workloadTime.toMillis());
            run.put("cluster", spec.cluster().kind());
            // The levels as written, plus N and the configured default R/W: what "default" means to a quorum
            // backend (a consensus backend ignores R and W).
            ObjectNode consistency = JSON.valueToTree(spec.consistency().describe(backend));
            consistency.put("n", clusterSpec.replicationFactor());
            consistency.put("r", clusterSpec.defaultReadQuorum());
            consistency.put("w", clusterSpec.defaultWriteQuorum());
            run.set("consistency", consistency);
            run.put("clients", spec.clients());
            run.setAll(extra);
            run.set("spec", ExperimentSpecLoader.toJson(spec));
            JSON.writeValue(runDir.resolve("run.json").toFile(), run);
        }
    }
}
