package io.replicalab.experiments.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node-load figures from run.json's per-node request counts. */
class NodeLoadCheckerTest {
    @TempDir
    Path dir;

    private RunData run(String extraRunJson) throws Exception {
        try (Recorder r = Recorder.run(dir, "leaderless", "register")) {
            r.write(0, "x", 1);
            r.write(0, "x", 2);
        }
        Files.writeString(dir.resolve(RunLoader.RUN_JSON),
                "{\"backend\":\"leaderless\",\"workload\":\"register\"" + extraRunJson + "}");
        return RunLoader.load(dir);
    }

    @Test
    void perNodeTotalsSpreadAndRequestsPerAcknowledgedOperation() throws Exception {
        RunData run = run(", \"nodeRequests\": {\"n1\": {\"CoordinatePut\": 2, \"ReplicaApply\": 4}, \"n2\": {\"ReplicaApply\": 2}},"
                + " \"nodeRequestsMissing\": [\"n3\"]");
        NodeLoadChecker checker = new NodeLoadChecker();
        assertTrue(checker.skipReason(run).isEmpty());
        CheckResult res = checker.check(run);
        assertEquals(Verdict.VALID, res.verdict());
        assertEquals(Map.of("n1", 6L, "n2", 2L), res.numbers().get("requests"));
        assertEquals(8L, res.numbers().get("totalRequests"));
        assertEquals(1.5, (double) res.numbers().get("maxOverMean"), 1e-9, "busiest 6 over a mean of 4");
        assertEquals(4.0, (double) res.numbers().get("requestsPerOkOperation"), 1e-9, "8 requests for 2 acknowledged writes");
        assertEquals(List.of("n3"), res.numbers().get("nodesWithoutCounts"));
        assertTrue(res.summary().contains("no counts from n3"), res.summary());
    }

    @Test
    void aRunWithoutCountsIsSkippedWithTheReason() throws Exception {
        assertTrue(new NodeLoadChecker().skipReason(run("")).orElseThrow().contains("nodeRequests"));
    }
}
