package io.replicalab.experiments.checker;

import static io.replicalab.experiments.checker.Recorder.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.node.applylog.ApplyLogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderCheckersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Recorder listAppend() throws Exception {
        Files.writeString(dir.resolve("run.json"), "{\"workload\":\"list-append\"}");
        return new Recorder(dir);
    }

    @Test
    void readsThatArePrefixesOfOneOrderAreValid() throws Exception {
        Recorder r = listAppend();
        r.read(0, "l", list());
        r.read(0, "l", list(3));
        r.read(1, "l", list(3, 1, 2));
        r.read(2, "l", list(3, 1));
        CheckResult res = new ListAppendOrderChecker().check(r.load());
        assertEquals(Verdict.VALID, res.verdict(), res.toString());
        assertEquals(4L, res.numbers().get("reads"));
    }

    @Test
    void readsInTwoOrdersAreReportedAsADivergentPair() throws Exception {
        Recorder r = listAppend();
        r.read(0, "l", list(1, 2, 3));
        r.read(1, "l", list(2, 1));
        r.read(1, "m", list(5));
        CheckResult res = new ListAppendOrderChecker().check(r.load());
        assertEquals(Verdict.INVALID, res.verdict());
        assertEquals(1L, res.numbers().get("keysWithDivergentOrder"));
        assertTrue(res.examples().get(0).contains("[2, 1]") && res.examples().get(0).contains("[1, 2, 3]"),
                res.examples().get(0));
    }

    @Test
    void duplicateElementIsInvalid() throws Exception {
        Recorder r = listAppend();
        r.read(0, "l", list(1, 1));
        assertEquals(1L, new ListAppendOrderChecker().check(r.load()).numbers().get("readsWithDuplicates"));
    }

    private void applyLog(String node, String... keyAndIds) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < keyAndIds.length; i++) {
            String[] kv = keyAndIds[i].split("/");
            lines.add(JSON.writeValueAsString(new ApplyLogEntry(i + 1, kv[0], kv[1], 1000 + i)));
        }
        Files.createDirectories(dir.resolve("apply-logs"));
        Files.write(dir.resolve("apply-logs").resolve(node + ".jsonl"), lines);
    }

    private RunData applyRun(String consistency) throws Exception {
        Files.writeString(dir.resolve("run.json"), "{\"workload\":\"kv\",\"consistency\":" + consistency + "}");
        Recorder r = new Recorder(dir);
        r.done(0, "put", "a", "x", "x");
        return r.load();
    }

    @Test
    void replicasApplyingOneKeysWritesInDifferentOrdersAreMeasured() throws Exception {
        applyLog("n1", "a/1", "a/2", "b/7");
        applyLog("n2", "a/2", "a/1", "b/7");
        applyLog("n3", "b/7", "a/1");
        CheckResult res = new ApplyOrderChecker().check(applyRun("{\"r\":2,\"w\":2,\"n\":3}"));
        assertEquals(Verdict.VALID, res.verdict(), "quorums promise no single order: a measurement");
        assertEquals(1L, res.numbers().get("keysWithDivergentOrder"));
        assertEquals(2L, res.numbers().get("keysOnSeveralReplicas"));
        assertEquals(0.5, res.numbers().get("divergentKeyShare"));
        assertEquals(1L, res.numbers().get("writesNotOnEveryReplica"));
        assertEquals(false, res.numbers().get("logsArePrefixesOfOneLog"));
        assertTrue(res.examples().get(0).startsWith("key a: n1 applied [1, 2] but n2 applied [2, 1]"), res.examples().get(0));
    }

    @Test
    void linearizableRunMustApplyOneOrder() throws Exception {
        applyLog("n1", "a/1", "b/2", "a/3");
        applyLog("n2", "a/1", "b/2");
        applyLog("n3", "a/1", "b/2", "a/3");
        CheckResult ok = new ApplyOrderChecker().check(applyRun("\"linearizable\""));
        assertEquals(Verdict.VALID, ok.verdict(), ok.toString());
        assertEquals(true, ok.numbers().get("logsArePrefixesOfOneLog"));

        applyLog("n2", "b/2", "a/1");
        CheckResult bad = new ApplyOrderChecker().check(applyRun("\"linearizable\""));
        assertEquals(Verdict.INVALID, bad.verdict());
        assertEquals(false, bad.numbers().get("wholeLogOrderAgrees"));
    }

    @Test
    void fewerThanTwoLogsIsSkipped() throws Exception {
        applyLog("n1", "a/1");
        assertTrue(new ApplyOrderChecker().skipReason(applyRun("\"linearizable\"")).isPresent());
    }
}
