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

    /** Checks every run of a comparison and writes the side-by-side report at its top. */
    public static List<Reports.Compared> checkComparison(Path compareDir, Consumer<String> out) {
        List<Path> runDirs = runDirsOf(compareDir);
        if (runDirs.isEmpty()) {
            out.accept("no backend produced a run in " + compareDir + ": nothing to compare");
            return List.of();
        }
        List<Reports.Compared> compared = Reports.compare(compareDir, runDirs);
        for (Reports.Compared c : compared) {
            out.accept("== " + c.results().backend());
            c.results().summary().lines().forEach(out);
        }
        out.accept("side-by-side report: " + compareDir.resolve(Reports.REPORT_HTML));
        return compared;
    }

    private static List<Path> runDirsOf(Path compareDir) {
        try (Stream<Path> children = Files.list(compareDir)) {
            return children.filter(d -> Files.isRegularFile(d.resolve("run.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + compareDir + ": " + e.getMessage(), e);
        }
    }
}
