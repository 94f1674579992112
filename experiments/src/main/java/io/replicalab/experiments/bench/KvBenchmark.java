package io.replicalab.experiments.bench;

import io.replicalab.api.CausalContext;
import io.replicalab.api.KvClient;
import io.replicalab.api.Outcome;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.FsyncPolicy;
import io.replicalab.api.config.ReplicationSpec;
import io.replicalab.experiments.cluster.Backends;
import io.replicalab.experiments.cluster.LoopbackClusters;
import io.replicalab.experiments.cluster.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed-loop key-value benchmark of one backend: a cluster on loopback (one JVM per node, or all in
 * this JVM), one client with a fixed number of requests in flight; first puts of random keys at W, then
 * gets at R of keys whose put was acknowledged. A put carries the causal context of the last
 * acknowledged put of its key, as a Dynamo client doing read-modify-write does (so siblings only come
 * from truly concurrent puts); with {@code blindWrites} it carries none, and under version vectors
 * every repeated key then grows one more sibling per put (Riak's "sibling explosion"). Reports throughput, latency, errors by outcome
 * and the CPU time of the client and of every node process in each measured phase, since on a small
 * machine the CPU is usually what limits the numbers. Data goes to a temp dir that is deleted after.
 */
public final class KvBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(KvBenchmark.class);
    private static final Duration QUIESCE = Duration.ofSeconds(30);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private KvBenchmark() {
    }

    /**
     * @param backend backend name ({@code leaderless}, ...)
     * @param nodes cluster size
     * @param inFlight requests outstanding at any time
     * @param valueBytes size of each written value
     * @param warmup unmeasured time before each phase
     * @param duration measured time of each phase
     * @param fsync storage fsync policy ({@code always}, {@code batch(5ms)}, {@code never})
     * @param processes one JVM per node ({@link ProcessCluster}) rather than all nodes in this JVM
     * @param keyspace keys are drawn uniformly from {@code key-0 .. key-(keyspace-1)}
     * @param writeQuorum W of every put
     * @param readQuorum R of every get
     * @param blindWrites puts carry no causal context (rather than the last acknowledged one of their key)
     */
    public record Options(String backend, int nodes, int inFlight, int valueBytes, Duration warmup, Duration duration,
                          String fsync, boolean processes, int keyspace, int writeQuorum, int readQuorum,
                          boolean blindWrites) {
        public Options {
            require(nodes >= 1, "--nodes must be at least 1");
            require(inFlight >= 1, "--in-flight must be at least 1");
            require(valueBytes >= 0, "--value-bytes must be 0 or more");
            require(!warmup.isNegative(), "--warmup-s must be 0 or more");
            require(duration.compareTo(Duration.ofSeconds(1)) >= 0, "--duration-s must be at least 1");
            require(keyspace >= 1, "the keyspace must hold at least one key");
            FsyncPolicy.parse(fsync); // a ConfigException naming the valid policies
        }

        public static Options defaults() {
            return new Options("leaderless", 3, 64, 100, Duration.ofSeconds(3), Duration.ofSeconds(10), "always", true,
                    100_000, 2, 2, false);
        }

        private static void require(boolean ok, String problem) {
            if (!ok) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    /**
     * One measured phase.
     *
     * @param ok operations that succeeded in the measured window
     * @param fail operations that definitely did not apply ({@link Outcome#FAIL})
     * @param info operations with an unknown outcome ({@link Outcome#INFO}: timeouts, lost connections)
     * @param firstError the first error of the phase (warm-up included), for diagnosis; null when none
     * @param absent gets in the measured window that found no value (for acknowledged keys this must be 0)
     * @param siblings gets in the measured window that returned more than one value (concurrent puts of
     *                 one key under version vectors; with blind writes, every repeated put of a key)
     */
    public record Phase(String name, long ok, double seconds, double opsPerSecond, double p50Micros, double p99Micros,
                        double p999Micros, double maxMicros, long fail, long info, String firstError, long absent,
                        long siblings) {
    }

    /** CPU seconds one process used in each measured phase (and over its whole life, at the end). */
    public record CpuUse(String process, long pid, double writeSeconds, double readSeconds, double totalSeconds) {
    }

    public record Result(Options options, ClusterSpec spec, Phase writes, Phase reads, List<CpuUse> cpu, int keysWritten,
                         int cores) {
        /** CPU seconds of all processes in the measured write phase, as a share of all cores' time. */
        public double writeCpuShare() {
            return cpu.stream().mapToDouble(CpuUse::writeSeconds).sum() / (writes.seconds() * cores);
        }

        public double readCpuShare() {
            return cpu.stream().mapToDouble(CpuUse::readSeconds).sum() / (reads.seconds() * cores);
        }
    }

    /** Runs the benchmark; {@code progress} receives one line per step. */
    public static Result run(Options options, java.util.function.Consumer<String> progress) throws Exception {
        ReplicationBackend backend = Backends.named(options.backend());
        Path root = Files.createTempDirectory("replicalab-bench-");
        try {
            ClusterSpec spec = LoopbackClusters.spec(backend.name(), options.nodes(), root.resolve("data"), options.fsync(),
                    new ReplicationSpec(Math.min(3, options.nodes()), options.readQuorum(), options.writeQuorum()));
            // A backend that has not landed fails here, before any node is started.
            try (KvClient client = backend.newClient(spec); Nodes nodes = Nodes.start(backend, spec, options, root)) {
                progress.accept("cluster up: " + options.nodes() + " " + backend.name() + " nodes "
                        + (options.processes() ? "as processes " + nodes.pids() : "in this JVM") + ", fsync "
                        + spec.storage().fsyncPolicy() + ", data in " + root);
                return measure(options, spec, client, nodes, progress);
            }
        } finally {
            io.replicalab.experiments.cluster.TempDirs.deleteRecursively(root);
        }
    }

    private static Result measure(Options o, ClusterSpec spec, KvClient client, Nodes nodes,
                                  java.util.function.Consumer<String> progress) throws InterruptedException {
        AtomicIntegerArray written = new AtomicIntegerArray(o.keyspace());
        AtomicReferenceArray<CausalContext> contexts = new AtomicReferenceArray<>(o.keyspace());
        byte[] value = new byte[o.valueBytes()];
        ThreadLocalRandom.current().nextBytes(value);
        // The backend's default consistency: W and R are the spec's quorums for a quorum backend, and
        // commit-on-majority writes with linearizable reads for consensus (which has no R or W).
        WriteOptions w = WriteOptions.defaults();
        ReadOptions r = ReadOptions.defaults();
        awaitWritable(client, value, w, progress);

        progress.accept("writes: " + o.warmup().toSeconds() + " s warm-up, " + o.duration().toSeconds() + " s measured, W="
                + o.writeQuorum() + ", " + o.inFlight() + " in flight, " + o.valueBytes() + "-byte values");
        PhaseRun writes = runPhase("writes", o, nodes, (run, rnd) -> {
            int k = rnd.nextInt(o.keyspace());
            CausalContext last = contexts.get(k);
            CausalContext context = o.blindWrites() || last == null ? CausalContext.EMPTY : last;
            return client.put(key(k), value, context, w).thenApply(ctx -> {
                written.set(k, 1);
                contexts.set(k, ctx);
                return null;
            });
        });

        int[] keys = java.util.stream.IntStream.range(0, o.keyspace()).filter(k -> written.get(k) == 1).toArray();
        if (keys.length == 0) {
            throw new IllegalStateException("no put was acknowledged, so there is nothing to read; first error: "
                    + writes.firstError.get());
        }
        progress.accept("reads: " + keys.length + " acknowledged keys, R=" + o.readQuorum());
        PhaseRun reads = runPhase("reads", o, nodes, (run, rnd) ->
                client.get(key(keys[rnd.nextInt(keys.length)]), r).thenApply((Versioned<byte[]> v) -> {
                    if (v.values().isEmpty()) {
                        run.absent.increment();
                    } else if (v.values().size() > 1) {
                        run.siblings.increment();
                    }
                    return null;
                }));
        Map<String, Duration> total = nodes.cpu();
        List<CpuUse> cpu = new ArrayList<>();
        for (String p : total.keySet()) {
            cpu.add(new CpuUse(p, nodes.pid(p), seconds(writes.cpuAtStart, writes.cpuAtEnd, p),
                    seconds(reads.cpuAtStart, reads.cpuAtEnd, p), total.get(p).toNanos() / 1e9));
        }
        return new Result(o, spec, writes.phase(), reads.phase(), cpu, keys.length,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Waits until one put succeeds, so the warm-up does not start while a consensus backend is still
     * electing its first leader (its first requests would only be redirected and retried).
     */
    static void awaitWritable(KvClient client, byte[] value, WriteOptions w,
                                      java.util.function.Consumer<String> progress) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + READY_WAIT.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                client.put("bench-ready-probe", value, CausalContext.EMPTY, w).toCompletableFuture().join();
                progress.accept("cluster accepts writes after " + (System.nanoTime() - start) / 1_000_000 + " ms");
                return;
            } catch (RuntimeException e) {
                last = Outcome.unwrap(e);
                Thread.sleep(100); // a retry pause, not a wait for a condition we could observe
            }
        }
        throw new IllegalStateException("the cluster accepted no write within " + READY_WAIT.toSeconds() + " s; last error: "
                + last);
    }

    private static double seconds(Map<String, Duration> from, Map<String, Duration> to, String p) {
        Duration a = from.getOrDefault(p, Duration.ZERO);
        Duration b = to.getOrDefault(p, Duration.ZERO);
        return (b.toNanos() - a.toNanos()) / 1e9;
    }

    private static String key(int k) {
        return "key-" + k;
    }

    /** Warm-up then measured window of one closed loop; the loop is stopped and drained before returning. */
    private static PhaseRun runPhase(String name, Options o, Nodes nodes,
                                     BiFunction<PhaseRun, ThreadLocalRandom, CompletionStage<?>> op) throws InterruptedException {
        PhaseRun run = new PhaseRun(name, o.inFlight(), nodes);
        ExecutorService restarts = Executors.newSingleThreadExecutor(t -> {
            Thread thread = new Thread(t, "bench-" + name + "-after-error");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < o.inFlight(); i++) {
                new Slot(run, op, restarts).next();
            }
            Thread.sleep(o.warmup().toMillis()); // a benchmark phase, not a wait for a condition
            run.startMeasuring();
            Thread.sleep(o.duration().toMillis());
            run.stopMeasuring();
            run.running.set(false);
            if (!run.drained.await(QUIESCE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: {} requests still pending {} s after the phase ended", name, run.drained.getCount(),
                        QUIESCE.toSeconds());
            }
            return run;
        } finally {
            restarts.shutdownNow();
        }
    }

    /** State of one phase: the loop flag, the histogram and the error counters. */
    private static final class PhaseRun {
        final String name;
        final AtomicBoolean running = new AtomicBoolean(true);
        final Recorder recorder = new Recorder(3);
        final LongAdder fail = new LongAdder();
        final LongAdder info = new LongAdder();
        final LongAdder absent = new LongAdder();
        final LongAdder siblings = new LongAdder();
        long absentAtStart;
        long siblingsAtStart;
        long absentAtEnd;
        long siblingsAtEnd;
        final AtomicReference<String> firstError = new AtomicReference<>();
        final CountDownLatch drained;
        long failAtStart;
        long infoAtStart;
        long failAtEnd;
        long infoAtEnd;
        long startNanos;
        long endNanos;
        Histogram histogram;
        final Nodes nodes;
        Map<String, Duration> cpuAtStart;
        Map<String, Duration> cpuAtEnd;

        PhaseRun(String name, int inFlight, Nodes nodes) {
            this.name = name;
            this.drained = new CountDownLatch(inFlight);
            this.nodes = nodes;
        }

        void startMeasuring() {
            cpuAtStart = nodes.cpu();
            recorder.getIntervalHistogram(); // drop warm-up samples
            failAtStart = fail.sum();
            infoAtStart = info.sum();
            absentAtStart = absent.sum();
            siblingsAtStart = siblings.sum();
            startNanos = System.nanoTime();
        }

        void stopMeasuring() {
            histogram = recorder.getIntervalHistogram();
            endNanos = System.nanoTime();
            failAtEnd = fail.sum();
            infoAtEnd = info.sum();
            absentAtEnd = absent.sum();
            siblingsAtEnd = siblings.sum();
            cpuAtEnd = nodes.cpu();
        }

        void error(Throwable e) {
            Throwable cause = Outcome.unwrap(e);
            if (Outcome.ofFailure(cause) == Outcome.FAIL) {
                fail.increment();
            } else {
                info.increment();
            }
            firstError.compareAndSet(null, cause.toString());
        }

        Phase phase() {
            double seconds = (endNanos - startNanos) / 1e9;
            Histogram h = histogram;
            return new Phase(name, h.getTotalCount(), seconds, h.getTotalCount() / seconds, h.getValueAtPercentile(50) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                    failAtEnd - failAtStart, infoAtEnd - infoAtStart, firstError.get(), absentAtEnd - absentAtStart,
                    siblingsAtEnd - siblingsAtStart);
        }
    }

    /** One in-flight slot: issues the next operation when the previous one completes. */
    private record Slot(PhaseRun run, BiFunction<PhaseRun, ThreadLocalRandom, CompletionStage<?>> op, ExecutorService restarts) {
        void next() {
            if (!run.running.get()) {
                run.drained.countDown();
                return;
            }
            long t0 = System.nanoTime();
            CompletionStage<?> stage;
            try {
                stage = op.apply(run, ThreadLocalRandom.current());
            } catch (RuntimeException e) {
                stage = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((ok, e) -> {
                if (e == null) {
                    run.recorder.recordValue(Math.max(1, System.nanoTime() - t0));
                    next();
                } else {
                    run.error(e);
                    // An error may complete on this very thread; continue elsewhere so a run of them cannot recurse.
                    restarts.execute(this::next);
                }
            });
        }
    }

    /** The cluster under test: node processes, or node servers in this JVM. */
    private interface Nodes extends AutoCloseable {
        /** CPU time so far of the client JVM ("client") and of every node process, by name. */
        Map<String, Duration> cpu();

        long pid(String process);

        List<Long> pids();

        @Override
        void close();

        static Nodes start(ReplicationBackend backend, ClusterSpec spec, Options options, Path root) throws Exception {
            if (options.processes()) {
                return new ProcessNodes(ProcessCluster.start(spec, root.resolve("cluster")));
            }
            List<ReplicaServer> servers = new ArrayList<>();
            try {
                for (String id : spec.nodeIds()) {
                    servers.add(backend.startNode(spec, id));
                }
            } catch (Exception | Error e) {
                servers.forEach(ReplicaServer::close);
                throw e;
            }
            return new InJvmNodes(servers);
        }
    }

    private static Duration selfCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private record ProcessNodes(ProcessCluster cluster) implements Nodes {
        @Override
        public Map<String, Duration> cpu() {
            Map<String, Duration> out = new LinkedHashMap<>();
            out.put("client", selfCpu());
            for (String id : cluster.nodeIds()) {
                out.put(id, cluster.cpu(id).orElse(Duration.ZERO));
            }
            return out;
        }

        @Override
        public long pid(String process) {
            return process.equals("client") ? ProcessHandle.current().pid() : cluster.pid(process);
        }

        @Override
        public List<Long> pids() {
            return cluster.nodeIds().stream().map(cluster::pid).toList();
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    private record InJvmNodes(List<ReplicaServer> servers) implements Nodes {
        @Override
        public Map<String, Duration> cpu() {
            Map<String, Duration> out = new LinkedHashMap<>();
            out.put("client+nodes", selfCpu());
            return out;
        }

        @Override
        public long pid(String process) {
            return ProcessHandle.current().pid();
        }

        @Override
        public List<Long> pids() {
            return List.of(ProcessHandle.current().pid());
        }

        @Override
        public void close() {
            servers.forEach(ReplicaServer::close);
        }
    }
}
