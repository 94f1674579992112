package io.replicalab.experiments.report;

import io.replicalab.experiments.checker.BadRunException;
import io.replicalab.experiments.checker.Checkers;
import io.replicalab.experiments.checker.RunData;
import io.replicalab.experiments.checker.RunLoader;
import io.replicalab.experiments.checker.RunResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes report.html for one run, and the side-by-side report of a comparison. */
public final class Reports {
    public static final String REPORT_HTML = "report.html";
    public static final String COMPARISON_MD = "comparison.md";

    private Reports() {
    }

    /** Checks {@code runDir} (writing results.json) and writes its report.html; returns the report's path. */
    public static Path report(Path runDir) {
        RunData run = RunLoader.load(runDir);
        RunResults results = Checkers.check(run, Checkers.all());
        Checkers.write(results, run.dir().resolve(Checkers.RESULTS_JSON));
        Path out = run.dir().resolve(REPORT_HTML);
        write(out, RunReport.html(run, results));
        return out;
    }

    /** One compared run: its data and what the checkers said. */
    public record Compared(RunData run, RunResults results) {
    }

    /**
     * Checks each run (writing its results.json and report.html) and writes {@code compareDir}/report.html
     * (verdict table per backend side by side, key figures, plots) and comparison.md (the same tables).
     */
    public static List<Compared> compare(Path compareDir, List<Path> runDirs) {
        if (runDirs.isEmpty()) {
            throw new BadRunException("nothing to compare: pass at least one run directory");
        }
        List<Compared> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            report(dir);
            RunData run = RunLoader.load(dir);
            runs.add(new Compared(run, Checkers.read(dir.resolve(Checkers.RESULTS_JSON))));
        }
        try {
            Files.createDirectories(compareDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + compareDir + ": " + e.getMessage(), e);
        }
        write(compareDir.resolve(REPORT_HTML), ComparisonReport.html(compareDir, runs));
        write(compareDir.resolve(COMPARISON_MD), ComparisonReport.markdown(runs));
        return runs;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
