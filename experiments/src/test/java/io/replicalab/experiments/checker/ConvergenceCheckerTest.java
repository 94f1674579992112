package io.replicalab.experiments.checker;

import static io.replicalab.experiments.checker.Recorder.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvergenceCheckerTest {
    @TempDir
    Path dir;

    private Recorder cart() throws Exception {
        Files.writeString(dir.resolve("run.json"), "{\"workload\":\"cart\"}");
        Recorder r = new Recorder(dir);
        r.ok(r.invoke(0, "add", "c", "milk"));
        r.ok(r.invoke(0, "add", "c", "bread"));
        int p = r.faultStart("partition", "n3");
        r.faultStop(p);
        r.finalReads();
        return r;
    }

    @Test
    void finalReadsOfEveryNodeAgreeAsSets() throws Exception {
        Recorder r = cart();
        r.ok(r.invokeOn(0, "read", "c", null, "n1"), list("milk", "bread"));
        r.ok(r.invokeOn(0, "read", "c", null, "n2"), list("bread", "milk"));
        CheckResult res = new ConvergenceChecker().check(r.load());
        assertEquals(Verdict.VALID, res.verdict(), res.toString());
        assertEquals(1, res.numbers().get("keysReadOnSeveralNodes"));
        assertEquals(List.of("no apply logs"), res.numbers().get("missingData"));
    }

    @Test
    void replicaMissingAnElementAfterHealDisagrees() throws Exception {
        Recorder r = cart();
        r.ok(r.invokeOn(0, "read", "c", null, "n1"), list("milk", "bread"));
        r.ok(r.invokeOn(0, "read", "c", null, "n3"), list("milk"));
        CheckResult res = new ConvergenceChecker().check(r.load());
        assertEquals(Verdict.INVALID, res.verdict());
        assertTrue(res.examples().get(0).contains("n3"), res.examples().get(0));
    }

    @Test
    void withoutReadsOfSeveralNodesOrApplyLogsItSaysWhatIsMissing() throws Exception {
        Recorder r = cart();
        r.ok(r.invokeOn(0, "read", "c", null, "n1"), list("milk", "bread"));
        assertTrue(new ConvergenceChecker().skipReason(r.load()).orElseThrow().contains("several nodes"));
    }
}
