package io.replicalab.experiments.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.Operation;
import io.replicalab.experiments.spec.ExperimentSpec;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Short runs of every workload on a cluster in this JVM, checked against the run-layout contract. */
class ExperimentRunnerTest {
    @TempDir
    Path out;

    static ExperimentSpec spec(String backend, String workload, String extra) {
        return ExperimentSpecLoader.parse("""
                name: test
                seed: 5
                cluster:
                  backend: %s
                  nodes: 3
                  leaderless: {gossip-interval-ms: 100, anti-entropy-interval-ms: 0}
                  raft: {election-timeout-min-ms: 200}
                workload: {type: %s, keys: 3}
                clients: 3
                duration: 3s
                nemesis:
                  schedule:
                    - {at: 1s, for: 1s, fault: partition, target: isolate-one}
                  quiesce: 500ms
                %s
                """.formatted(backend, workload, extra), "test.yaml");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "leaderless, register,    read",
        "leaderless, kv,          get",
        "leaderless, cart,        read",
        "leaderless, list-append, read",
        "raft,       register,    read",
    })
    void aShortRunWritesAWellFormedRunDir(String backend, String workload, String readName) throws Exception {
        Path runDir = out.resolve(backend + "-" + workload);
        ExperimentRunner.Result result = ExperimentRunner.run(spec(backend, workload, ""), runDir, line -> { });

        History history = RunDirAssertions.assertWellFormed(runDir, backend, workload, readName);
        assertEquals(1, history.nemesisEvents().stream().filter(e -> e.f().equals("start")).count());
        assertTrue(result.ok() > 0);
        assertTrue(RunDirAssertions.applyLogLines(runDir) > 0, "writes were applied somewhere");
        long updates = history.operations().stream().filter(o -> !o.invoke().f().equals(readName)).count();
        assertTrue(updates > 0, "the workload wrote");
        // Every acknowledged operation but a compare-and-set (whose Boolean result names no node) says who served it.
        List<Operation> acked = history.operations().stream()
                .filter(o -> o.outcome() == EventType.OK && !o.invoke().f().equals("cas")).toList();
        assertTrue(!acked.isEmpty());
        acked.forEach(o -> assertTrue(o.servedBy().filter(List.of("n1", "n2", "n3")::contains).isPresent(), o.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cart, add, e", "list-append, append, ''"})
    void collectionUpdatesAreUniqueAndAcknowledgedOnesAreReadBack(String workload, String update, String prefix)
            throws Exception {
        Path runDir = out.resolve(workload);
        ExperimentRunner.run(spec("leaderless", workload, ""), runDir, line -> { });
        History history = RunDirAssertions.assertWellFormed(runDir, "leaderless", workload, "read");
        List<String> values = history.operations().stream().filter(o -> o.invoke().f().equals(update))
                .map(o -> o.invoke().value().asText()).toList();
        assertEquals(values.size(), values.stream().distinct().count(), "unique values per update");
        assertTrue(values.stream().allMatch(v -> v.startsWith(prefix)));
    }

    @org.junit.jupiter.api.Test
    void raftReportsItsLeaderAsBackendEvents() throws Exception {
        Path runDir = out.resolve("raft-leader");
        ExperimentRunner.run(spec("raft", "register", ""), runDir, line -> { });
        History history = RunDirAssertions.assertWellFormed(runDir, "raft", "register", "read");
        List<HistoryEvent> leaders = history.backendEvents().stream().filter(e -> e.f().equals("leader")).toList();
        assertTrue(!leaders.isEmpty(), "leader events");
        assertTrue(leaders.stream().anyMatch(e -> e.value().get("leader").isTextual()), leaders.toString());
        Set<String> named = leaders.stream().map(e -> e.value().path("leader").asText()).collect(Collectors.toSet());
        List<Operation> writes = history.operations().stream()
                .filter(o -> o.outcome() == EventType.OK && o.invoke().f().equals("write")).toList();
        assertTrue(!writes.isEmpty());
        writes.forEach(o -> assertTrue(named.contains(o.servedBy().orElseThrow()), "served by a leader " + named + ": " + o));
        List<Operation> cas = history.operations().stream().filter(o -> o.invoke().f().equals("cas")).toList();
        // raft has compare-and-set: none is refused as an invalid request (how a backend without CAS answers)
        cas.forEach(o -> assertTrue(o.completion().error() == null || !o.completion().error().startsWith("InvalidRequest"),
                o.toString()));
    }
}
