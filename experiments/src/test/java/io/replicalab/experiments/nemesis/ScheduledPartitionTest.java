package io.replicalab.experiments.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.HistoryReader;
import io.replicalab.experiments.history.Operation;
import io.replicalab.experiments.runner.ExperimentRunner;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled partition really cuts the links: with W=3 of N=3 no write can be acknowledged while one
 * replica is isolated from the other two, and writes succeed again after the heal.
 */
class ScheduledPartitionTest {
    @TempDir
    Path out;

    @Test
    void writesAtWAllFailOrAreUnknownWhileAReplicaIsIsolatedAndSucceedAfterTheHeal() throws Exception {
        var spec = ExperimentSpecLoader.parse("""
                name: cut
                seed: 9
                cluster:
                  backend: leaderless
                  nodes: 3
                  request-timeout-ms: 500
                  leaderless: {conflicts: lww, gossip-interval-ms: 100, hinted-handoff: false}
                workload: {type: register, keys: 2, read-ratio: 0, cas-ratio: 0}
                clients: 2
                duration: 6s
                consistency: {read: "1", write: "3"}
                nemesis:
                  schedule:
                    - {at: 1500ms, for: 2s, fault: partition, target: n2}
                  quiesce: 500ms
                """, "cut.yaml");
        Path runDir = out.resolve("run");
        ExperimentRunner.run(spec, runDir, line -> { });
        History history = HistoryReader.read(runDir.resolve("history.jsonl"));

        List<HistoryEvent> nemesis = history.nemesisEvents();
        assertEquals(2, nemesis.size());
        HistoryEvent start = nemesis.get(0);
        HistoryEvent stop = nemesis.get(1);
        assertEquals("partition", start.value().get("fault").asText());
        assertEquals(List.of("n2"), List.of(start.value().get("nodes").get(0).asText()));
        assertEquals(4, start.value().get("links").size(), "n2 <-> n1 and n2 <-> n3, both directions");

        List<Operation> writes = history.operations().stream().filter(o -> o.invoke().f().equals("write")).toList();
        List<Operation> inside = writes.stream()
                .filter(o -> o.invoke().time() > start.time() && o.end() < stop.time()).toList();
        assertTrue(!inside.isEmpty(), "writes were tried during the partition");
        inside.forEach(o -> assertTrue(o.outcome() != EventType.OK, "acknowledged at W=3 during the partition: " + o));

        List<HistoryEvent> phase = history.backendEvents().stream().filter(e -> e.f().equals("phase")).toList();
        assertTrue(writes.stream().anyMatch(o -> o.invoke().time() > stop.time() && o.invoke().time() < phase.get(0).time()
                && o.outcome() == EventType.OK), "writes succeed again after the heal");
        assertTrue(writes.stream().anyMatch(o -> o.end() < start.time() && o.outcome() == EventType.OK),
                "writes succeeded before the partition");
    }
}
