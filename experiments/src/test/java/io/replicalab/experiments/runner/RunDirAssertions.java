package io.replicalab.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.HistoryReader;
import io.replicalab.experiments.history.Operation;
import io.replicalab.node.applylog.ApplyLogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks that a run directory follows the run-layout contract. */
final class RunDirAssertions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunDirAssertions() {
    }

    /**
     * run.json names the backend and workload; every invoke is completed; every nemesis start has its stop;
     * a final-reads phase marker is followed by a read of every key the workload touched; every node has an
     * apply log file. Returns the history for further checks.
     */
    static History assertWellFormed(Path runDir, String backend, String workload, String readName) throws IOException {
        JsonNode run = JSON.readTree(runDir.resolve("run.json").toFile());
        assertEquals(backend, run.get("backend").asText());
        assertEquals(workload, run.get("workload").asText());
        assertEquals(List.of("n1", "n2", "n3"), JSON.convertValue(run.get("nodes"), List.class));
        assertTrue(run.get("durationMs").asLong() > 0);
        assertTrue(run.has("spec") && run.has("consistency") && run.has("seed") && run.has("startedAtMillis"), run.toString());

        History history = HistoryReader.read(runDir.resolve("history.jsonl"));
        List<Operation> ops = history.operations();
        assertFalse(ops.isEmpty(), "no operations");
        for (Operation op : ops) {
            assertNotNull(op.completion(), "invoke without completion: " + op.invoke());
        }
        assertTrue(ops.stream().anyMatch(o -> o.outcome() == EventType.OK), "no operation succeeded");

        Map<Integer, Long> starts = new HashMap<>();
        Map<Integer, Long> stops = new HashMap<>();
        for (HistoryEvent e : history.nemesisEvents()) {
            int id = e.value().get("id").asInt();
            assertTrue(e.value().has("fault") && e.value().has("nodes"), e.toString());
            (e.f().equals("start") ? starts : stops).put(id, e.time());
        }
        assertEquals(starts.keySet(), stops.keySet(), "nemesis starts without stops");
        starts.forEach((id, t) -> assertTrue(t <= stops.get(id)));

        List<HistoryEvent> phases = history.backendEvents().stream().filter(e -> e.f().equals("phase")).toList();
        assertEquals(1, phases.size(), "one phase marker");
        assertEquals("final-reads", phases.get(0).value().get("name").asText());
        long phaseTime = phases.get(0).time();
        Set<String> touched = ops.stream().filter(o -> o.invoke().time() < phaseTime).map(o -> o.invoke().key())
                .collect(Collectors.toSet());
        Set<String> finalRead = ops.stream().filter(o -> o.invoke().time() > phaseTime && o.outcome() == EventType.OK)
                .peek(o -> assertEquals(readName, o.invoke().f()))
                .map(o -> o.invoke().key()).collect(Collectors.toSet());
        assertEquals(touched, finalRead, "every key touched is read (ok) after the final-reads marker");
        assertTrue(stops.values().stream().allMatch(t -> t < phaseTime), "faults end before the final reads");

        for (String node : List.of("n1", "n2", "n3")) {
            Path log = runDir.resolve("apply-logs").resolve(node + ".jsonl");
            assertTrue(Files.exists(log), "missing " + log);
            for (String line : Files.readAllLines(log)) {
                ApplyLogEntry entry = JSON.readValue(line, ApplyLogEntry.class);
                assertNotNull(entry.writeId(), line);
                assertTrue(line.contains("\"writeId\"") && line.contains("\"appliedAtMillis\""), line);
            }
        }
        return history;
    }

    static long applyLogLines(Path runDir) throws IOException {
        long n = 0;
        for (String node : List.of("n1", "n2", "n3")) {
            n += Files.readAllLines(runDir.resolve("apply-logs").resolve(node + ".jsonl")).size();
        }
        return n;
    }
}
