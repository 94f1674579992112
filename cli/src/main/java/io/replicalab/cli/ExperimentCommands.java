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

    /** The spec argument and output dir that run and compare share. */
    static final class SpecAndOut {
        @Parameters(index = "0", paramLabel = "SPEC", description = "Experiment spec (YAML), e.g. examples/experiments/quickstart.yaml.")
        Path specFile;

        @Option(names = "--out", defaultValue = "runs", description = "Where run and comparison directories go (default ${DEFAULT-VALUE}).")
        Path out;

        ExperimentSpec load() {
            return ExperimentSpecLoader.load(specFile);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run one experiment spec against one backend and write its run directory",
                "(run.json, history.jsonl, apply-logs/, logs/); prints progress once a second."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SpecAndOut args = new SpecAndOut();

        @Option(names = "--backend", description = "Run against this backend instead of the spec's cluster.backend.")
        String backend;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            ExperimentSpec experiment = args.load();
            if (backend != null) {
                experiment = experiment.withBackend(backend);
            }
            Path runDir = RunDirs.forRun(args.out, experiment.cluster().backend());
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

        @picocli.CommandLine.Mixin
        SpecAndOut args = new SpecAndOut();

        @Option(names = "--backends", split = ",", defaultValue = "leaderless,raft,single-leader",
                description = "Backends to compare, comma-separated (default ${DEFAULT-VALUE}); one not implemented yet is skipped.")
        List<String> backends;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            ExperimentSpec experiment = args.load();
            Path dir = RunDirs.forComparison(args.out);
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
