package io.replicalab.cli;

import io.replicalab.experiments.bench.KvBenchmark;
import io.replicalab.node.PendingBackend;
import io.replicalab.node.rpc.RpcBenchmark;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replicalab bench}: micro-benchmarks whose results go to docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (results belong in docs/benchmarks.md).",
        subcommands = {BenchCommand.Rpc.class, BenchCommand.Kv.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("replicalab bench: name a benchmark: rpc or kv");
        return ExitCodes.BAD_INPUT;
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

        @Option(names = "--backend", defaultValue = "leaderless", description = "Backend to measure (default ${DEFAULT-VALUE}).")
        String backend;

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
                description = "A setting of the backend's config section (repeatable), e.g. --set mode=sync for single-leader.")
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

        @Option(names = "--keyspace", defaultValue = "100000", description = "Keys drawn uniformly from this many (default ${DEFAULT-VALUE}).")
        int keyspace;

        @Option(names = "-w", defaultValue = "2", description = "W of every put (default ${DEFAULT-VALUE}).")
        int writeQuorum;

        @Option(names = "-r", defaultValue = "2", description = "R of every get (default ${DEFAULT-VALUE}).")
        int readQuorum;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (backend.equals("raft")) {
                // Temporary guard: the raft backend's first slice runs, but its closed-loop benchmark does
                // not finish yet (tried 2026-11-23: it hangs after start-up). Its benchmark is issue #5's next slice.
                spec.commandLine().getErr().println("replicalab bench kv: the raft benchmark is not ready yet (issue #5)");
                return ExitCodes.BAD_INPUT;
            }
            KvBenchmark.Options options;
            try {
                options = new KvBenchmark.Options(backend, nodes, inFlight, valueBytes, Duration.ofSeconds(warmupSeconds),
                        Duration.ofSeconds(durationSeconds), fsync, processes, keyspace, writeQuorum, readQuorum);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("replicalab bench kv: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            KvBenchmark.Result r;
            try {
                r = KvBenchmark.run(options, settings, line -> {
                    out.println("# " + line);
                    out.flush();
                });
            } catch (PendingBackend.BackendNotReadyException e) {
                spec.commandLine().getErr().println("replicalab bench kv: backend " + backend + " has not landed yet ("
                        + e.getMessage() + ")");
                return ExitCodes.BAD_INPUT;
            }
            out.printf("bench kv: backend=%s nodes=%d processes=%s fsync=%s in-flight=%d value=%dB keyspace=%d W=%d R=%d "
                            + "warmup=%ds duration=%ds cores=%d%s%n", backend, nodes, processes, r.spec().storage().fsyncPolicy(),
                    inFlight, valueBytes, keyspace, writeQuorum, readQuorum, warmupSeconds, durationSeconds, r.cores(),
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
            return ExitCodes.OK;
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
}
