package io.replicalab.cli;

import io.replicalab.experiments.runner.Comparison;
import io.replicalab.experiments.runner.ExperimentRunner;
import io.replicalab.experiments.runner.RunDirs;
import io.replicalab.experiments.runner.RunHooks;
import io.replicalab.experiments.spec.ExperimentSpec;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replicalab run} and {@code replicalab compare}: experiment specs (examples/experiments/*.yaml). */
final class ExperimentCommands {
    private ExperimentCommands() {
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run one experiment spec against one backend and write its run directory",
                "(run.json, history.jsonl, apply-logs/, logs/); prints progress once a second."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SPEC", description = "Experiment spec (YAML), e.g. examples/experiments/quickstart.yaml.")
        Path specFile;

        @Option(names = "--backend", description = "Run against this backend instead of the spec's cluster.backend.")
        String backend;

        @Option(names = "--out", defaultValue = "runs", description = "Where run directories go (default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            ExperimentSpec experiment = ExperimentSpecLoader.load(specFile);
            if (backend != null) {
                experiment = experiment.withBackend(backend);
            }
            Path runDir = RunDirs.forRun(out, experiment.cluster().backend());
            ExperimentRunner.Result r = ExperimentRunner.run(experiment, runDir, line -> println(stdout, line));
            println(stdout, String.format("[%s] done: ok %d, fail %d, info %d in %.1f s", r.backend(), r.ok(), r.fail(), r.info(),
                    r.workloadTime().toMillis() / 1000.0));
            println(stdout, "run dir: " + r.runDir());
            // The run completed: 0, whatever the verdict (a weak configuration is expected to be invalid);
            // `replicalab check RUN_DIR` exits by verdict.
            RunHooks.checkRun(r.runDir(), line -> println(stdout, line));
            return ExitCodes.OK;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Run the same spec (workload, fault schedule, seed) against several backends into",
                "side-by-side run directories under one comparison directory."})
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SPEC", description = "Experiment spec (YAML), e.g. examples/experiments/quickstart.yaml.")
        Path specFile;

        @Option(names = "--backends", split = ",", defaultValue = "leaderless,raft,single-leader",
                description = "Backends to compare, comma-separated (default ${DEFAULT-VALUE}); one not implemented yet is skipped.")
        List<String> backends;

        @Option(names = "--out", defaultValue = "runs", description = "Where the comparison directory goes (default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            ExperimentSpec experiment = ExperimentSpecLoader.load(specFile);
            Path dir = RunDirs.forComparison(out);
            List<Comparison.Entry> entries = Comparison.run(experiment, backends, dir, line -> println(stdout, line));
            for (Comparison.Entry e : entries) {
                String detail = switch (e.status()) {
                    case "ran" -> String.format("ok %d, fail %d, info %d -> %s", e.result().ok(), e.result().fail(),
                            e.result().info(), e.runDir());
                    default -> e.reason();
                };
                println(stdout, String.format("%-14s %-8s %s", e.backend(), e.status(), detail));
            }
            println(stdout, "comparison dir: " + dir);
            RunHooks.checkComparison(dir, line -> println(stdout, line));
            boolean anyRan = entries.stream().anyMatch(e -> e.status().equals("ran"));
            boolean anyFailed = entries.stream().anyMatch(e -> e.status().equals("failed"));
            return anyFailed ? ExitCodes.FAILED : anyRan ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        }
    }

    private static void println(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
