package io.replicalab.experiments.runner;

import io.replicalab.experiments.checker.Checkers;
import io.replicalab.experiments.checker.RunResults;
import io.replicalab.experiments.report.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What happens to a finished run directory: the checkers judge it (results.json), the report renders it
 * (report.html), and the terminal gets the verdict table. The run directory stays the source of truth:
 * {@code replicalab check} / {@code report} redo exactly this offline.
 */
public final class RunHooks {
    private RunHooks() {
    }

    /** Checks one finished run, writes results.json and report.html, prints the summary. */
    public static RunResults checkRun(Path runDir, Consumer<String> out) {
        Path report = Reports.report(runDir);
        RunResults results = Checkers.read(runDir.resolve(Checkers.RESULTS_JSON));
        results.summary().lines().forEach(out);
        out.accept("report: " + report);
        return results;
    }

    /**
     * Checks every run of a comparison and writes the side-by-side report at its top; a run that cannot be
     * checked is reported as failed, with its reason, and the others are still compared.
     */
    public static Reports.ComparedRuns checkComparison(Path compareDir, Consumer<String> out) {
        List<Path> runDirs = runDirsOf(compareDir);
        if (runDirs.isEmpty()) {
            out.accept("no backend produced a run in " + compareDir + ": nothing to compare");
            return new Reports.ComparedRuns(List.of(), List.of());
        }
        Reports.ComparedRuns compared = Reports.compare(compareDir, runDirs);
        for (Reports.Compared c : compared.runs()) {
            out.accept("== " + c.label());
            c.results().summary().lines().forEach(out);
        }
        for (Reports.Failed f : compared.failed()) {
            out.accept("== " + f.label() + ": FAILED, not checked: " + f.reason());
        }
        out.accept("side-by-side report: " + compareDir.resolve(Reports.REPORT_HTML));
        return compared;
    }

    /** The run dirs below a comparison: every sub-directory (a run that broke early may lack run.json). */
    private static List<Path> runDirsOf(Path compareDir) {
        try (Stream<Path> children = Files.list(compareDir)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + compareDir + ": " + e.getMessage(), e);
        }
    }
}
