package io.replicalab.experiments.report;

import static io.replicalab.experiments.checker.Recorder.list;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.checker.Checkers;
import io.replicalab.experiments.checker.LostWritesChecker;
import io.replicalab.experiments.checker.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    /** A cart run under a kill; with {@code loses} the final read misses the add acknowledged during the kill. */
    private Path cartRun(String name, String backend, boolean loses) throws Exception {
        Path run = dir.resolve(name);
        Recorder r = Recorder.run(run, backend, "cart");
        r.ok(r.invoke(0, "add", "c", "milk"));
        int kill = r.faultStart("kill", "n1");
        r.ok(r.invoke(1, "add", "c", "bread"));
        r.faultStop(kill);
        r.finalReads();
        r.read(0, "c", loses ? list("milk") : list("milk", "bread"));
        r.close();
        return run;
    }

    @Test
    void runReportIsSelfContainedWithPlotsAndTheVerdictTable() throws Exception {
        Path run = cartRun("one", "single-leader", true);
        Path report = Reports.report(run);
        String html = Files.readString(report);
        assertTrue(Files.exists(run.resolve(Checkers.RESULTS_JSON)));
        List<String> images = images(html);
        assertEquals(5, images.size(), "lost writes, throughput, latency, ok share, acknowledged writes");
        for (String png : images) {
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(Base64.getDecoder().decode(png), 4));
        }
        assertTrue(html.contains("<td>" + LostWritesChecker.NAME + "</td><td class=\"invalid\"><b>invalid</b> 1 of 2"), html);
        assertTrue(html.contains("#0 kill [n1]"), "fault windows are listed");
        assertTrue(html.contains("add &quot;bread&quot;"), "examples are escaped");
        assertTrue(!html.contains("src=\"http"), "no external resources");
    }

    @Test
    void comparisonPutsBackendsSideBySide() throws Exception {
        Path raft = cartRun("raft", "raft", false);
        Path async = cartRun("async", "single-leader", true);
        Path out = dir.resolve("compare");
        List<Reports.Compared> runs = Reports.compare(out, List.of(raft, async)).runs();
        assertEquals(2, runs.size());
        String md = Files.readString(out.resolve(Reports.COMPARISON_MD));
        assertTrue(md.startsWith("| checker | raft | single-leader |"), md);
        assertTrue(md.contains("| acknowledged writes lost | 0 | 1 |"), md);
        String html = Files.readString(out.resolve(Reports.REPORT_HTML));
        assertEquals(4, images(html).size(), "lost writes, throughput, p99, ok share");
        assertTrue(html.contains("href=\"../raft/report.html\""), html);
        assertTrue(Files.exists(async.resolve(Reports.REPORT_HTML)));
    }

    @Test
    void aRunThatCannotBeCheckedIsListedAsFailedWithItsReasonAndTheOthersAreCompared() throws Exception {
        Path raft = cartRun("raft", "raft", false);
        // a run that broke before writing its history (the cluster did not start): run.json only
        Path broken = dir.resolve("single-leader");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("run.json"), "{\"backend\":\"single-leader\",\"workload\":\"cart\"}");
        // and one whose history is not JSON
        Path garbled = cartRun("leaderless", "leaderless", false);
        Files.writeString(garbled.resolve("history.jsonl"), "{not json\n");
        Path out = dir.resolve("compare");

        Reports.ComparedRuns compared = Reports.compare(out, List.of(raft, broken, garbled));

        assertEquals(List.of("raft"), compared.runs().stream().map(Reports.Compared::label).toList());
        assertEquals(List.of("single-leader", "leaderless"), compared.failed().stream().map(Reports.Failed::label).toList());
        Reports.Failed noHistory = compared.failed().get(0);
        assertTrue(noHistory.reason().contains("has no history.jsonl") && !noHistory.reason().contains("\n"), noHistory.reason());
        assertTrue(compared.failed().get(1).reason().contains("history.jsonl"), compared.failed().get(1).reason());
        String md = Files.readString(out.resolve(Reports.COMPARISON_MD));
        assertTrue(md.startsWith("| checker | raft | single-leader | leaderless |"), md);
        assertTrue(md.contains("**failed**: " + noHistory.reason()), md);
        assertTrue(md.contains("| acknowledged writes lost | 0 | - | - |"), md);
        String html = Files.readString(out.resolve(Reports.REPORT_HTML));
        assertTrue(html.contains("<b>single-leader failed</b>"), html);
        assertEquals(4, images(html).size(), "the plots of the runs that were checked");
    }

    @Test
    void onlyFailedRunsStillGiveAReport() throws Exception {
        Path broken = dir.resolve("raft");
        Files.createDirectories(broken);
        Path out = dir.resolve("compare");
        Reports.ComparedRuns compared = Reports.compare(out, List.of(broken));
        assertEquals(List.of(), compared.runs());
        assertEquals(1, compared.failed().size());
        assertTrue(Files.readString(out.resolve(Reports.REPORT_HTML)).contains("raft failed"));
    }

    @Test
    void twoRunsOfOneBackendGetDistinctLabelsEverywhere() throws Exception {
        Path async = cartRun("single-leader-async", "single-leader", true);
        Path sync = cartRun("single-leader-sync", "single-leader", false);
        Path raft = cartRun("raft", "raft", false);
        Path out = dir.resolve("compare");
        List<Reports.Compared> runs = Reports.compare(out, List.of(async, sync, raft)).runs();
        assertEquals(List.of("single-leader (single-leader-async)", "single-leader (single-leader-sync)", "raft"),
                runs.stream().map(Reports.Compared::label).toList());
        String md = Files.readString(out.resolve(Reports.COMPARISON_MD));
        assertTrue(md.startsWith("| checker | single-leader (single-leader-async) | single-leader (single-leader-sync) | raft |"), md);
        assertTrue(md.contains("| acknowledged writes lost | 1 | 0 | 0 |"), md);
    }

    private static List<String> images(String html) {
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
