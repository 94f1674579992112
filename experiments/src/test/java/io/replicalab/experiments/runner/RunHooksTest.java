package io.replicalab.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.checker.Recorder;
import io.replicalab.experiments.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal side of a comparison: every run under its own label, a broken one reported, not thrown. */
class RunHooksTest {
    @TempDir
    Path dir;

    private void registerRun(String name, String backend) {
        try (Recorder r = Recorder.run(dir.resolve(name), backend, "register")) {
            r.write(0, "x", 1);
            r.finalReads();
            r.read(1, "x", 1);
        }
    }

    @Test
    void variantsOfOneBackendAreToldApartAndABrokenRunIsListedAsFailed() throws Exception {
        registerRun("single-leader-async", "single-leader");
        registerRun("single-leader-sync", "single-leader");
        Files.createDirectories(dir.resolve("raft")); // broke before it wrote anything

        List<String> lines = new ArrayList<>();
        Reports.ComparedRuns compared = RunHooks.checkComparison(dir, lines::add);

        assertEquals(2, compared.runs().size());
        assertTrue(lines.contains("== single-leader (single-leader-async)"), lines.toString());
        assertTrue(lines.contains("== single-leader (single-leader-sync)"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("== raft: FAILED, not checked: ") && l.contains("has no history.jsonl")),
                lines.toString());
        assertTrue(Files.isRegularFile(dir.resolve(Reports.REPORT_HTML)));
    }
}
