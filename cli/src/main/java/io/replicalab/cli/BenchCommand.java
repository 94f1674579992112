package io.replicalab.cli;

import io.replicalab.node.rpc.RpcBenchmark;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replicalab bench}: micro-benchmarks whose results go to docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (results belong in docs/benchmarks.md).",
        subcommands = {BenchCommand.Rpc.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("replicalab bench: name a benchmark: rpc (backend benchmarks arrive with their backends)");
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
}
