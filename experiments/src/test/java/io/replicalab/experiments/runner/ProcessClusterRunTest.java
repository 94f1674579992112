package io.replicalab.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import io.replicalab.node.testing.OsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run on one JVM per node with a kill -9 in the middle. */
class ProcessClusterRunTest {
    @TempDir
    Path out;

    @Test
    void aKilledNodeIsRestartedAndTheRunLeavesNoProcessBehind() throws Exception {
        var spec = ExperimentSpecLoader.parse("""
                name: kill
                seed: 3
                cluster:
                  backend: leaderless
                  kind: process
                  nodes: 3
                  leaderless: {conflicts: lww, gossip-interval-ms: 100}
                workload: {type: register, keys: 3}
                clients: 2
                duration: 5s
                nemesis:
                  schedule:
                    - {at: 1s, for: 2s, fault: kill, target: n2}
                  quiesce: 1s
                """, "kill.yaml");
        Path runDir = out.resolve("run");
        // every node process seen during the run (n2's first incarnation may die before the first progress line)
        Set<ProcessHandle> nodes = ConcurrentHashMap.newKeySet();
        ExperimentRunner.run(spec, runDir, line -> nodes.addAll(RunInterruptionTest.nodesOf(runDir)));

        History history = RunDirAssertions.assertWellFormed(runDir, "leaderless", "register", "read");
        List<HistoryEvent> nemesis = history.nemesisEvents();
        assertEquals(List.of("start", "stop"), nemesis.stream().map(HistoryEvent::f).toList());
        assertEquals("kill", nemesis.get(0).value().get("fault").asText());
        assertEquals("n2", nemesis.get(0).value().get("nodes").get(0).asText());
        assertFalse(nemesis.get(1).value().has("error"), nemesis.get(1).toString());
        // the restart is a second process of n2, with its own log
        assertTrue(Files.exists(runDir.resolve("logs").resolve("n2.1.out")));
        assertTrue(Files.exists(runDir.resolve("logs").resolve("n2.2.out")));
        assertTrue(Files.exists(runDir.resolve("logs").resolve("n1.1.err")));
        assertTrue(nodes.size() >= 3, "the nodes seen while the run went on: " + nodes);
        assertTrue(nodes.stream().allMatch(OsProcesses::isGone), "no node process outlives the run");
        assertEquals(List.of(), RunInterruptionTest.nodesOf(runDir));
    }
}
