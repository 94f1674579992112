package io.replicalab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ClusterSpecLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a user meets it: exit codes and one-line messages. */
class CliTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ReplicaLab.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void versionNamesTheBuild() {
        Result r = run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().matches("(?s)replicalab \\d+\\.\\d+\\.\\d+.*"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "zookeeper", "kv", "admin", "bench", "run", "compare", "scenario", "check", "report"})
    void everyCommandHasHelp(String command) {
        Result r = run(command, "--help");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Usage: replicalab " + command), r.out());
    }

    @Test
    void everyExampleConfigLoadsAndHasItsBackendAndSize() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(6, examples.size(), "3- and 5-node configs for each of the three backends");
        for (Path file : examples) {
            ClusterSpec spec = ClusterSpecLoader.load(file);
            String name = file.getFileName().toString();
            assertTrue(name.startsWith(spec.backend() + "-"), name + " declares backend " + spec.backend());
            assertEquals(name.endsWith("-5.yaml") ? 5 : 3, spec.nodes().size(), name);
        }
    }

    @Test
    void unknownBackendListsTheValidOnes() {
        Result r = run("node", "--config", EXAMPLES.resolve("raft-3.yaml").toString(), "--id", "n1", "--backend", "paxos");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertEquals("replicalab: unknown backend 'paxos' (from backend: or --backend): valid backends are leaderless, raft, single-leader",
                r.err().strip());
    }

    @Test
    void missingConfigFileIsNamed() {
        Result r = run("kv", "get", "--config", dir.resolve("missing.yaml").toString(), "k");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("missing.yaml does not exist: pass an existing file with --config"), r.err());
    }

    @Test
    void malformedYamlIsOneLineAndBadInput() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "backend: raft\nnodes: [\n");
        Result r = run("node", "--config", file.toString(), "--id", "n1");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("replicalab: malformed YAML in " + file), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void unknownNodeIdListsTheConfiguredOnes() {
        Result r = run("node", "--config", EXAMPLES.resolve("leaderless-3.yaml").toString(), "--id", "n7");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("node id 'n7' is not in the config: use one of n1, n2, n3"), r.err());
    }

    @Test
    void scenarioListNamesEveryScenarioWithItsClaim() {
        Result r = run("scenario", "list");
        assertEquals(0, r.exitCode(), r.err());
        for (String name : List.of("stale-replica-promotion", "split-brain", "tunable-consistency", "shopping-cart",
                "replica-recovery", "failover-window", "ordering", "fan-out", "clock-skew-lww", "ttl-lock-pause")) {
            assertTrue(r.out().contains(name + ": "), name + " listed: " + r.out());
        }
        assertTrue(r.out().contains("single-leader-async-any"), r.out());
        assertTrue(r.out().contains("claim (001_f854eb4f3a55a10a.txt)"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("single-leader-ttl-lock-sigstop") && l.endsWith("(process clusters only)")),
                r.out());
    }

    @Test
    void unknownScenarioIsOneLineAndBadInput() {
        Result r = run("scenario", "run", "no-such-scenario", "--out", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("replicalab: unknown scenario 'no-such-scenario': use one of stale-replica-promotion,"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void unknownBackendOfAScenarioIsOneLineAndBadInput() {
        Result r = run("scenario", "run", "shopping-cart", "--backend", "paxos", "--out", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("replicalab: unknown backend 'paxos'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aBackendWithoutVariantsInTheScenarioIsOneLineAndBadInput() {
        // split-brain cuts a primary from ZooKeeper: leaderless has neither, so the scenario has no variant for it.
        Result r = run("scenario", "run", "split-brain", "--backend", "leaderless", "--out", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("replicalab: scenario split-brain has no variant on backend 'leaderless': use all, "
                + "single-leader, raft"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aSigstopVariantOnALocalClusterIsOneLineAndBadInput() {
        Result r = run("scenario", "run", "ttl-lock-pause", "--backend", "single-leader-ttl-lock-sigstop", "--out", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertEquals("replicalab: scenario ttl-lock-pause: single-leader-ttl-lock-sigstop cannot run on a local cluster: "
                + "use --cluster process", r.err().strip());
    }

    @Test
    void zookeeperOnAPortInUseFailsWithOneLineNamingTheFix() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = run("zookeeper", "--port", Integer.toString(taken.getLocalPort()), "--data-dir", dir.resolve("zk").toString());
            assertEquals(ExitCodes.FAILED, r.exitCode());
            assertTrue(r.err().startsWith("replicalab: cannot start ZooKeeper on 127.0.0.1:" + taken.getLocalPort()), r.err());
            assertTrue(r.err().strip().endsWith("pick a free --port and a writable --data-dir"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("kv", "get", "--config", "x.yaml", "--quorum", "k");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("Unknown option: '--quorum'"), r.err());
    }

    @Test
    void unknownConsistencyIsBadInput() {
        Result r = run("kv", "get", "--config", EXAMPLES.resolve("leaderless-3.yaml").toString(), "--consistency", "strong", "k");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("strong"), r.err());
    }

    @Test
    void kvPutGetDeleteAgainstARunningLeaderlessCluster() throws Exception {
        int[] ports = io.replicalab.node.testing.TestClusters.freePorts(6);
        StringBuilder yaml = new StringBuilder("""
                name: cli-test
                backend: leaderless
                replication: {factor: 3, read-quorum: 2, write-quorum: 2}
                storage: {engine: rocksdb, dir: data, fsync: always}
                nodes:
                """);
        for (int i = 0; i < 3; i++) {
            yaml.append("  - {id: n").append(i + 1).append(", host: 127.0.0.1, port: ").append(ports[2 * i])
                    .append(", admin-port: ").append(ports[2 * i + 1]).append("}\n");
        }
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, yaml);
        ClusterSpec spec = ClusterSpecLoader.load(config);
        List<io.replicalab.api.ReplicaServer> nodes = new java.util.ArrayList<>();
        try {
            for (String id : List.of("n1", "n2", "n3")) {
                nodes.add(new io.replicalab.leaderless.LeaderlessBackend().startNode(spec, id));
            }
            String cfg = config.toString();
            Result put = run("kv", "put", "--config", cfg, "greeting", "hello", "--w", "3");
            assertEquals(ExitCodes.OK, put.exitCode(), put.err());
            assertTrue(put.err().startsWith("ok context: "), put.err());

            Result get = run("kv", "get", "--config", cfg, "greeting", "--r", "3");
            assertEquals(ExitCodes.OK, get.exitCode(), get.err());
            assertEquals("hello", get.out().strip());

            Result tooMany = run("kv", "get", "--config", cfg, "greeting", "--r", "4");
            assertEquals(ExitCodes.BAD_INPUT, tooMany.exitCode(), tooMany.err());
            assertTrue(tooMany.err().contains("R=4 exceeds the replication factor N=3"), tooMany.err());

            // A delete supersedes only what its context names (a blind one would be a concurrent sibling).
            String context = get.err().strip().substring("context: ".length());
            Result delete = run("kv", "delete", "--config", cfg, "greeting", "--context", context);
            assertEquals(ExitCodes.OK, delete.exitCode(), delete.err());
            Result gone = run("kv", "get", "--config", cfg, "greeting", "--consistency", "all");
            assertTrue(gone.err().startsWith("(absent)"), gone.err());
        } finally {
            nodes.forEach(io.replicalab.api.ReplicaServer::close);
        }
    }

    @Test
    void benchKvOfTwoBackendsInOneRunEndsWithASideBySideLine() {
        Result r = run("bench", "kv", "--backend", "leaderless,raft", "--processes", "false", "--in-flight", "4",
                "--warmup-s", "0", "--duration-s", "1", "--keyspace", "200");
        assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
        String sideBySide = r.out().substring(r.out().indexOf("side by side (same run):"));
        assertTrue(sideBySide.contains("leaderless") && sideBySide.contains("raft"), r.out());
        assertTrue(sideBySide.contains("(1.00x leaderless)"), r.out());
    }
}
