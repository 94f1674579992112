package io.replicalab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replicalab run} and {@code compare} end to end on tiny specs. */
class ExperimentCommandsTest {
    private static final String TINY = """
            name: tiny
            cluster: {nodes: 3, leaderless: {conflicts: lww, gossip-interval-ms: 100}}
            workload: {type: register, keys: 2}
            clients: 2
            duration: 2s
            nemesis:
              schedule: [{at: 500ms, for: 500ms, fault: partition, target: isolate-one}]
              quiesce: 200ms
            """;

    @TempDir
    Path dir;

    @Test
    void runWritesARunDirAndSaysWhereItIs() throws IOException {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        CliTest.Result r = CliTest.run("run", spec.toString(), "--out", dir.resolve("runs").toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\[leaderless] +\\d/2 s  ok \\d+  fail \\d+  info \\d+")), r.out());
        String runDir = r.out().lines().filter(l -> l.startsWith("run dir: ")).findFirst().orElseThrow().substring(9);
        assertTrue(Files.exists(Path.of(runDir, "history.jsonl")), runDir);
        assertTrue(Files.exists(Path.of(runDir, "run.json")), runDir);
    }

    @Test
    void compareRunsEachBackendAndWritesTheSideBySideReport() throws IOException {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        CliTest.Result r = CliTest.run("compare", spec.toString(), "--backends", "leaderless,raft",
                "--out", dir.resolve("runs").toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
        Path compareDir;
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            compareDir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertTrue(compareDir.getFileName().toString().endsWith("-compare"), compareDir.toString());
        for (String backend : new String[] {"leaderless", "raft"}) {
            assertTrue(Files.exists(compareDir.resolve(backend).resolve("history.jsonl")), backend);
            assertTrue(Files.exists(compareDir.resolve(backend).resolve("results.json")), backend);
        }
        JsonNode manifest = new ObjectMapper().readTree(compareDir.resolve("compare.json").toFile());
        assertEquals("ran", manifest.get("backends").get(0).get("status").asText());
        assertEquals("ran", manifest.get("backends").get(1).get("status").asText());
        assertTrue(Files.exists(compareDir.resolve("report.html")));
        assertTrue(r.out().contains("side-by-side report: "), r.out());
        assertTrue(r.out().contains("linearizability"), "the verdict table is printed: " + r.out());
    }

    @Test
    void anInvalidSpecIsOneLineAndBadInput() throws IOException {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), "workload: {type: queue}\n");
        CliTest.Result r = CliTest.run("run", spec.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("workload.type: 'queue' is unknown: use one of register, kv, cart, list-append"), r.err());
    }

    @Test
    void anUnknownBackendToCompareIsBadInput() throws IOException {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        CliTest.Result r = CliTest.run("compare", spec.toString(), "--backends", "leaderless,paxos", "--out",
                dir.resolve("runs").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("unknown backend 'paxos'"), r.err());
    }
}
