package io.replicalab.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.checker.CheckResult;
import io.replicalab.experiments.checker.Checkers;
import io.replicalab.experiments.checker.NodeLoadChecker;
import io.replicalab.experiments.checker.RunLoader;
import io.replicalab.experiments.checker.RunResults;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-node load from the nodes' own request counters: with coordinator fan-out every acknowledged
 * operation was coordinated by some node; with client fan-out no node coordinates anything and the
 * replicas get the client's requests directly.
 */
class NodeLoadTest {
    @TempDir
    Path out;

    private RunResults run(String fanOut) throws Exception {
        var spec = ExperimentSpecLoader.parse("""
                name: load
                seed: 8
                cluster:
                  backend: leaderless
                  nodes: 3
                  storage: memory
                  leaderless: {conflicts: lww, gossip-interval-ms: 100, anti-entropy-interval-ms: 0, fan-out: %s}
                workload: {type: kv, mix: a, keys: 20}
                clients: 2
                rate: 100
                duration: 2s
                nemesis: {quiesce: 100ms}
                """.formatted(fanOut), "load.yaml");
        Path runDir = out.resolve(fanOut);
        ExperimentRunner.run(spec, runDir, line -> { });
        return Checkers.checkRun(runDir);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Long>> byType(CheckResult load) {
        return (Map<String, Map<String, Long>>) load.numbers().get("byType");
    }

    private static long ofTypes(CheckResult load, String prefix) {
        return byType(load).values().stream().flatMap(m -> m.entrySet().stream()).filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void coordinatorFanOutMakesTheNodesCoordinateEveryAcknowledgedOperation() throws Exception {
        RunResults results = run("coordinator");
        CheckResult load = results.result(NodeLoadChecker.NAME).orElseThrow(() -> new AssertionError(results.summary()));
        assertEquals(java.util.Set.of("n1", "n2", "n3"), byType(load).keySet(), "every node reported its counters");
        long acknowledged = RunLoader.load(out.resolve("coordinator")).mainOperations().stream()
                .filter(op -> op.outcome() == EventType.OK).count();
        assertTrue(acknowledged > 0);
        assertTrue(ofTypes(load, "Coordinate") >= acknowledged,
                "each acknowledged operation went through a coordinator: " + load.numbers() + " vs " + acknowledged);
        long total = (long) load.numbers().get("totalRequests");
        assertEquals((double) total / acknowledged, (double) load.numbers().get("requestsPerOkOperation"), 1e-9);
    }

    @Test
    void clientFanOutLeavesNothingToCoordinate() throws Exception {
        CheckResult load = run("client").result(NodeLoadChecker.NAME).orElseThrow();
        assertEquals(0, ofTypes(load, "Coordinate"), "the client coordinates itself: " + load.numbers());
        assertTrue(ofTypes(load, "Replica") > 0, "the replicas served the client's reads and writes: " + load.numbers());
    }
}
