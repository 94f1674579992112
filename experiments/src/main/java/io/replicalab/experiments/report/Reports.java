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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes report.html for one run, and the side-by-side report of a comparison. */
public final class Reports {
    public static final String REPORT_HTML = "report.html";
    public static final String COMPARISON_MD = "comparison.md";
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private Reports() {
    }

    /** Checks {@code runDir} (writing results.json) and writes its report.html; returns the report's path. */
    public static Path report(Path runDir) {
        return checkAndRender(runDir).run().dir().resolve(REPORT_HTML);
    }

    private static Compared checkAndRender(Path runDir) {
        return checkAndRender(runDir, null);
    }

    private static Compared checkAndRender(Path runDir, String label) {
        RunData run = RunLoader.load(runDir);
        RunResults results = Checkers.check(run, Checkers.all());
        Checkers.write(results, run.dir().resolve(Checkers.RESULTS_JSON));
        write(run.dir().resolve(REPORT_HTML), RunReport.html(run, results));
        return new Compared(label == null ? run.backend() : label, run, results);
    }

    /**
     * One compared run: its data and what the checkers said.
     *
     * @param label its column in the side-by-side report: the backend, or backend and run name when two
     *              runs of the comparison share a backend (e.g. single-leader async and sync)
     */
    public record Compared(String label, RunData run, RunResults results) {
    }

    /** A run of the comparison that could not be checked: its column says so with the one-line reason. */
    public record Failed(String label, Path dir, String reason) {
    }

    /** What a comparison found: the runs that were checked, and those that could not be, in run-dir order. */
    public record ComparedRuns(List<Compared> runs, List<Failed> failed) {
        public ComparedRuns {
            runs = List.copyOf(runs);
            failed = List.copyOf(failed);
        }
    }

    /**
     * Checks each run (writing its results.json and report.html) and writes {@code compareDir}/report.html
     * (verdict table per run side by side, key figures, plots) and comparison.md (the same tables). A run
     * that cannot be read or checked (a broken run dir, a checker failure) is listed as failed with its
     * reason instead of stopping the comparison of the others.
     */
    public static ComparedRuns compare(Path compareDir, List<Path> runDirs) {
        if (runDirs.isEmpty()) {
            throw new BadRunException("nothing to compare: pass at least one run directory");
        }
        Map<Path, String> labels = RunLabels.of(runDirs);
        List<Compared> runs = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        for (Path dir : runDirs) {
            try {
                runs.add(checkAndRender(dir, labels.get(dir)));
            } catch (RuntimeException e) {
                LOG.warn("cannot check {}", dir, e);
                failed.add(new Failed(labels.get(dir), dir, oneLine(e)));
            }
        }
        try {
            Files.createDirectories(compareDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + compareDir + ": " + e.getMessage(), e);
        }
        ComparedRuns compared = new ComparedRuns(runs, failed);
        write(compareDir.resolve(REPORT_HTML), ComparisonReport.html(compareDir, compared));
        write(compareDir.resolve(COMPARISON_MD), ComparisonReport.markdown(compared));
        return compared;
    }

    /** The first line of the message (the type as well for a bug such as a NullPointerException). */
    private static String oneLine(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e instanceof BadRunException || e instanceof UncheckedIOException ? message
                : e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
