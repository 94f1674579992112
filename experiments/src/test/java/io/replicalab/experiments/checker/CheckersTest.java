package io.replicalab.experiments.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckersTest {
    @TempDir
    Path dir;

    @Test
    void checkRunWritesResultsJsonThatReadsBack() throws Exception {
        Files.writeString(dir.resolve("run.json"), "{\"backend\":\"raft\",\"workload\":\"register\",\"future\":{\"x\":1}}");
        Recorder r = new Recorder(dir);
        r.write(0, "x", 1);
        r.read(1, "x", 2);
        r.close();
        RunResults results = Checkers.checkRun(dir);
        assertEquals(Verdict.INVALID, results.verdict());
        assertEquals("raft", results.backend());
        RunResults back = Checkers.read(dir.resolve(Checkers.RESULTS_JSON));
        assertEquals(RunLoader.JSON.writeValueAsString(results.checkers()), RunLoader.JSON.writeValueAsString(back.checkers()));
        assertEquals(results.skipped(), back.skipped());
        assertTrue(Files.readString(dir.resolve(Checkers.RESULTS_JSON)).contains("\"verdict\" : \"invalid\""));
        assertTrue(results.summary().contains("verdict: invalid"), results.summary());
    }

    @Test
    void unknownWorkloadInRunJsonIsNamed() throws Exception {
        Files.writeString(dir.resolve("run.json"), "{\"workload\":\"bank\"}");
        new Recorder(dir).close();
        BadRunException e = assertThrows(BadRunException.class, () -> Checkers.checkRun(dir));
        assertTrue(e.getMessage().contains("unknown workload 'bank'"), e.getMessage());
    }

    @Test
    void directoryWithoutHistoryIsNamed() {
        BadRunException e = assertThrows(BadRunException.class, () -> Checkers.checkRun(dir));
        assertTrue(e.getMessage().contains("has no history.jsonl"), e.getMessage());
    }
}
