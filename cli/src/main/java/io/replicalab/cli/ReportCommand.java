package io.replicalab.cli;

import io.replicalab.experiments.checker.BadRunException;
import io.replicalab.experiments.report.Reports;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replicalab report}: checks a run and renders its self-contained report.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Check a run directory and write its report.html (plots with fault windows, verdict table).",
            "Exit 0 when the report was written, 2 on bad input; the verdicts themselves are in the report and results.json."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory written by replicalab run.")
    Path runDir;

    @Override
    public Integer call() {
        try {
            Path report = Reports.report(runDir);
            spec.commandLine().getOut().println("report: " + report);
            return ExitCodes.OK;
        } catch (BadRunException e) {
            spec.commandLine().getErr().println("replicalab report: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
