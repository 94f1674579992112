package io.replicalab.cli;

import io.replicalab.experiments.checker.BadRunException;
import io.replicalab.experiments.checker.Checkers;
import io.replicalab.experiments.checker.RunResults;
import io.replicalab.experiments.checker.Verdict;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replicalab check}: every checker over a recorded run, offline. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a run directory (or a history.jsonl) offline and write results.json beside it.",
            "Exit 0 when every check is valid, 1 when one is invalid, 3 when one is unknown, 2 on bad input."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR_OR_HISTORY", description = "A run directory or its history.jsonl.")
    Path path;

    @Option(names = "--search-budget", defaultValue = "2000000",
            description = "Linearizability search steps per key before the key is unknown (default ${DEFAULT-VALUE}).")
    long searchBudget;

    @Override
    public Integer call() {
        try {
            RunResults results = Checkers.checkRun(path, searchBudget);
            spec.commandLine().getOut().print(results.summary());
            spec.commandLine().getOut().flush();
            return exitCode(results.verdict());
        } catch (BadRunException e) {
            spec.commandLine().getErr().println("replicalab check: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    static int exitCode(Verdict verdict) {
        return switch (verdict) {
            case VALID -> ExitCodes.OK;
            case INVALID -> ExitCodes.FAILED;
            case UNKNOWN -> ExitCodes.UNKNOWN_OUTCOME;
        };
    }
}
