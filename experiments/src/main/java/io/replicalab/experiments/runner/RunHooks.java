package io.replicalab.experiments.runner;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What happens to a finished run directory. The checkers (package {@code io.replicalab.experiments.checker},
 * issue #6's other half) are connected here: {@link #checkRun} is the one place that should call them on
 * {@code runDir} (writing {@code results.json} and {@code report.html}) and print a summary through
 * {@code out}. Until they land it only says how to check the run later.
 */
public final class RunHooks {
    private RunHooks() {
    }

    /** Hook for the checkers: called once per finished run. */
    public static void checkRun(Path runDir, Consumer<String> out) {
        out.accept("check it with: replicalab check " + runDir);
    }

    /** Hook for the comparison report: called once per finished comparison with its backend run dirs below. */
    public static void checkComparison(Path compareDir, Consumer<String> out) {
        out.accept("compare the runs with: replicalab report " + compareDir);
    }
}
