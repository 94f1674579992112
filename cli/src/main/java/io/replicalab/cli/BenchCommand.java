package io.replicalab.cli;

import io.replicalab.experiments.bench.FailoverBenchmark;
import io.replicalab.experiments.bench.KvBenchmark;
import io.replicalab.node.PendingBackend;
import io.replicalab.node.rpc.RpcBenchmark;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replicalab bench}: micro-benchmarks whose results go to docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (results belong in docs/benchmarks.md).",
        subcommands = {BenchCommand.Rpc.class, BenchCommand.Kv.class, BenchCommand.Failover.class,
            BenchCommand.Linearizability.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("replicalab bench: name a benchmark: rpc, kv, failover or linearizability");
        return ExitCodes.BAD_INPUT;
    }

    /** One benchmark run: {@code (options, progress) -> result}. */
    interface BenchmarkRun<O, R> {
        R run(O options, Consumer<String> progress) throws Exception;
    }

    /**
     * Builds the options and runs the benchmark with its progress lines as {@code #} comments on stdout;
     * returns null after printing a one-line error when the input is bad or the backend has not landed.
     */
    static <O, R> R runBenchmark(CommandSpec spec, String name, String backend, Supplier<O> options, BenchmarkRun<O, R> run)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        O built;
        try {
            built = options.get();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("replicalab bench " + name + ": " + e.getMessage());
            return null;
        }
        try {
            return run.run(built, line -> {
                out.println("# " + line);
                out.flush();
            });
        } catch (PendingBackend.BackendNotReadyException e) {
            spec.commandLine().getErr().println("replicalab bench " + name + ": backend " + backend + " has not landed yet ("
                    + e.getMessage() + ")");
            return null;
        }
    }

    @Command(name = "rpc", mixinStandardHelpOptions = true,
            description = "Round trips of small requests between an RPC client and server on loopback.")
    static final class Rpc implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--in-flight", defaultValue = "16", description = "Outstanding requests (default ${DEFAULT-VALUE}).")
        int inFlight;

        @Option(names = "--payload-bytes", defaultValue = "100", description = "Request payload size (default ${DEFAULT-VALUE}).")
        int payloadBytes;

        @Option(names = "--warmup-s", defaultValue = "3", description = "Warm-up seconds (default ${DEFAULT-VALUE}).")
        int warmupSeconds;

        @Option(names = "--duration-s", defaultValue = "10", description = "Measured seconds (default ${DEFAULT-VALUE}).")
        int durationSeconds;

        @Override
        public Integer call() throws Exception {
            RpcBenchmark.Result r = RpcBenchmark.run(new RpcBenchmark.Options(inFlight, payloadBytes,
                    Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds)));
            spec.commandLine().getOut().printf(
                    "rpc round trip: in-flight=%d payload=%dB requests=%d errors=%d throughput=%.0f req/s p50=%.0fus p99=%.0fus p99.9=%.0fus max=%.0fus%n",
                    inFlight, payloadBytes, r.requests(), r.errors(), r.requestsPerSecond(), r.p50Micros(), r.p99Micros(),
                    r.p999Micros(), r.maxMicros());
            return ExitCodes.OK;
        }
    }

    @Command(name = "kv", mixinStandardHelpOptions = true,
            description = {"Closed-loop puts at W then gets at R of acknowledged keys against a cluster on loopback;",
                "reports throughput, p50/p99, errors by outcome and the CPU time of the client and of every node."})
    static final class Kv implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--backend", defaultValue = "leaderless", split = ",",
                description = {"Backend(s) to measure, comma-separated (default ${DEFAULT-VALUE}); several run one after the",
                    "other in the same invocation and end with a side-by-side line (e.g. leaderless,raft)."})
        List<String> backends;

        @Option(names = "--nodes", defaultValue = "3", description = "Cluster size (default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--in-flight", defaultValue = "64", description = "Outstanding requests (default ${DEFAULT-VALUE}).")
        int inFlight;

        @Option(names = "--value-bytes", defaultValue = "100", description = "Value size (default ${DEFAULT-VALUE}).")
        int valueBytes;

        @Option(names = "--warmup-s", defaultValue = "3", description = "Warm-up seconds before each phase (default ${DEFAULT-VALUE}).")
        int warmupSeconds;

        @Option(names = "--duration-s", defaultValue = "10", description = "Measured seconds of each phase (default ${DEFAULT-VALUE}).")
        int durationSeconds;

        @Option(names = "--fsync", defaultValue = "always",
                description = "Storage fsync policy: always, batch(<ms>ms) or never (default ${DEFAULT-VALUE}).")
        String fsync;

        @Option(names = "--processes", defaultValue = "true", arity = "0..1", fallbackValue = "true",
                description = "One JVM per node (true, default) or every node in this JVM (false).")
        boolean processes;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = {"A setting of the backend's config section (repeatable), e.g. --set mode=sync; with several",
                    "backends prefix it with the one it is for: --set single-leader.mode=sync."})
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

        @Option(names = "--keyspace", defaultValue = "100000", description = "Keys drawn uniformly from this many (default ${DEFAULT-VALUE}).")
        int keyspace;

        @Option(names = "-w", defaultValue = "2", description = "W of every put (default ${DEFAULT-VALUE}).")
        int writeQuorum;

        @Option(names = "-r", defaultValue = "2", description = "R of every get (default ${DEFAULT-VALUE}).")
        int readQuorum;

        @Option(names = "--blind-writes", description = "Puts carry no causal context: under version vectors every "
                + "repeated key grows a sibling per put (default: each put carries its key's last acknowledged context).")
        boolean blindWrites;

        @Option(names = "--stale-reads", description = "Gets read a random replica's local state (possibly stale).")
        boolean staleReads;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, KvBenchmark.Result> results = new LinkedHashMap<>();
            for (String backend : backends) {
                KvBenchmark.Result r = runBenchmark(spec, "kv", backend, () -> new KvBenchmark.Options(backend, nodes, inFlight,
                        valueBytes, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds), fsync, processes,
                        keyspace, writeQuorum, readQuorum, blindWrites, staleReads),
                        (o, progress) -> KvBenchmark.run(o, settings, progress));
                if (r == null) {
                    return ExitCodes.BAD_INPUT;
                }
                printResult(out, backend, r);
                results.put(backend, r);
            }
            if (results.size() > 1) {
                printSideBySide(out, results);
            }
            return ExitCodes.OK;
        }

        private void printResult(PrintWriter out, String backend, KvBenchmark.Result r) {
            out.printf("bench kv: backend=%s nodes=%d processes=%s fsync=%s in-flight=%d value=%dB keyspace=%d W=%d R=%s "
                            + "puts=%s warmup=%ds duration=%ds cores=%d%s%n", backend, nodes, processes,
                    r.spec().storage().fsyncPolicy(), inFlight, valueBytes, keyspace, writeQuorum,
                    staleReads ? "stale" : String.valueOf(readQuorum),
                    blindWrites ? "blind" : "with-last-context", warmupSeconds, durationSeconds, r.cores(),
                    settings.isEmpty() ? "" : " settings=" + settings);
            print(out, r.writes());
            print(out, r.reads());
            out.printf("keys written: %d; measured reads that found no value: %d; measured reads with siblings: %d%n", r.keysWritten(),
                    r.reads().absent(), r.reads().siblings());
            out.printf("cpu seconds     %10s %10s %10s%n", "writes", "reads", "total");
            for (KvBenchmark.CpuUse c : r.cpu()) {
                out.printf("  %-13s %10.2f %10.2f %10.2f  (pid %d)%n", c.process(), c.writeSeconds(), c.readSeconds(),
                        c.totalSeconds(), c.pid());
            }
            out.printf("  all processes used %.0f%% of %d cores while writing, %.0f%% while reading%n",
                    100 * r.writeCpuShare(), r.cores(), 100 * r.readCpuShare());
            out.flush();
        }

        /** Writes and reads per second of each backend of this invocation, relative to the first one. */
        private static void printSideBySide(PrintWriter out, Map<String, KvBenchmark.Result> results) {
            KvBenchmark.Result first = results.values().iterator().next();
            String firstName = results.keySet().iterator().next();
            out.printf("side by side (same run):%n");
            results.forEach((name, r) -> out.printf("  %-14s writes %,8.0f/s (%.2fx %s)  reads %,8.0f/s (%.2fx %s)%n", name,
                    r.writes().opsPerSecond(), r.writes().opsPerSecond() / first.writes().opsPerSecond(), firstName,
                    r.reads().opsPerSecond(), r.reads().opsPerSecond() / first.reads().opsPerSecond(), firstName));
            out.flush();
        }

        private static void print(PrintWriter out, KvBenchmark.Phase p) {
            out.printf("%-6s: %,.0f ops/s (%d ok in %.1f s) p50=%s p99=%s p99.9=%s max=%s errors: fail=%d info=%d%s%n",
                    p.name(), p.opsPerSecond(), p.ok(), p.seconds(), ms(p.p50Micros()), ms(p.p99Micros()), ms(p.p999Micros()),
                    ms(p.maxMicros()), p.fail(), p.info(), p.firstError() == null ? "" : " (first: " + p.firstError() + ")");
        }

        private static String ms(double micros) {
            return micros < 1000 ? String.format("%.0fus", micros) : String.format("%.2fms", micros / 1000);
        }
    }

    @Command(name = "linearizability", mixinStandardHelpOptions = true,
            description = "Times the linearizability checker on a generated register history (linearizable by construction).")
    static final class Linearizability implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--operations", defaultValue = "100000", description = "Operations (default ${DEFAULT-VALUE}).")
        int operations;

        @Option(names = "--keys", defaultValue = "100", description = "Keys (default ${DEFAULT-VALUE}).")
        int keys;

        @Option(names = "--clients", defaultValue = "20", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--values", defaultValue = "5", description = "Distinct values written (default ${DEFAULT-VALUE}).")
        int values;

        @Option(names = "--info-rate", defaultValue = "0.05", description = "Share of timed-out operations (default ${DEFAULT-VALUE}).")
        double infoRate;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            io.replicalab.experiments.bench.LinearizabilityBenchmark.Result r = io.replicalab.experiments.bench.LinearizabilityBenchmark
                    .run(new io.replicalab.experiments.checker.RegisterHistories.Options(seed, operations, keys, clients, values, infoRate));
            spec.commandLine().getOut().printf("bench linearizability: operations=%d keys=%d clients=%d values=%d info-rate=%.2f "
                            + "check=%d ms (history generated in %d ms) linearizable keys=%d/%d search steps=%d cores=%d%n",
                    r.operations(), keys, clients, values, infoRate, r.checkMs(), r.generateMs(), r.linearizableKeys(), r.keys(),
                    r.searchSteps(), Runtime.getRuntime().availableProcessors());
            return r.linearizableKeys() == r.keys() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "failover", mixinStandardHelpOptions = true,
            description = {"Kills the leader of a 3-node cluster of processes (kill -9) while writers run and reports the time",
                "from the kill to the first acknowledged write submitted after it; repeats after restarting the node."})
    static final class Failover implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--backend", defaultValue = "raft", description = "A leader-based backend (default ${DEFAULT-VALUE}).")
        String backend;

        @Option(names = "--trials", defaultValue = "5", description = "Leader kills (default ${DEFAULT-VALUE}).")
        int trials;

        @Option(names = "--writers", defaultValue = "4", description = "Sequential writers running through each kill (default ${DEFAULT-VALUE}).")
        int writers;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = {"A setting of the backend's config section (repeatable), e.g. --set election-timeout-min-ms=300",
                    "(raft) or --set session-timeout-ms=2000 (single-leader)."})
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            FailoverBenchmark.Result r = runBenchmark(spec, "failover", backend,
                    () -> new FailoverBenchmark.Options(backend, trials, writers), (o, progress) -> FailoverBenchmark.run(o, settings, progress));
            if (r == null) {
                return ExitCodes.BAD_INPUT;
            }
            out.printf("bench failover: backend=%s trials=%d writers=%d election-timeout-ms=%s%s failover-ms: median=%.0f max=%.0f all=%s%n",
                    backend, trials, writers, r.electionTimeout(), settings.isEmpty() ? "" : " settings=" + settings, r.median(),
                    r.max(), r.trials().stream().map(t -> String.format("%.0f", t.failoverMillis())).toList());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
