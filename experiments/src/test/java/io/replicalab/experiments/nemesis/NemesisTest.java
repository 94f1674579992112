package io.replicalab.experiments.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.LinkFault;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.experiments.cluster.LocalCluster;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.HistoryWriter;
import io.replicalab.experiments.spec.FaultStep;
import io.replicalab.node.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault does to the cluster what its history line says, and its stop undoes it. */
class NemesisTest {
    @TempDir
    Path dir;
    LocalCluster cluster;
    HistoryWriter history;
    Nemesis nemesis;

    @BeforeEach
    void start() {
        ClusterSpec spec = TestClusters.loopback("leaderless", 3, dir.resolve("data"));
        cluster = LocalCluster.start(spec);
        history = HistoryWriter.create(dir.resolve("history.jsonl"));
        nemesis = new Nemesis(cluster, history, 1);
    }

    @AfterEach
    void stop() {
        history.close();
        cluster.close();
    }

    private static FaultStep step(String fault, String target) {
        return new FaultStep("0s", "1s", fault, target, "-7s", "150ms");
    }

    private Set<String> blocked(String node) {
        Set<String> links = new HashSet<>();
        for (LinkFault f : cluster.faults(node).linkFaults()) {
            links.add(f.from() + ">" + f.to() + ":" + f.kind());
        }
        return links;
    }

    @Test
    void halvesCutEveryLinkBetweenTheSidesOnBothEndpointsAndStopHealsThem() {
        ActiveFault fault = nemesis.start(step("partition", "halves")).orElseThrow();
        List<String> minority = fault.nodes();
        assertEquals(1, minority.size());
        String lonely = minority.get(0);
        for (String other : cluster.nodeIds()) {
            if (!other.equals(lonely)) {
                assertTrue(blocked(other).contains(lonely + ">" + other + ":BLOCK"), blocked(other).toString());
                assertTrue(blocked(other).contains(other + ">" + lonely + ":BLOCK"));
                assertTrue(blocked(lonely).contains(other + ">" + lonely + ":BLOCK"));
            }
        }
        assertEquals(4, fault.description().get("links").size());
        nemesis.stop(fault);
        cluster.nodeIds().forEach(n -> assertTrue(blocked(n).isEmpty(), n + " " + blocked(n)));
    }

    @Test
    void aBridgeLeavesOneNodeConnectedToBothSides() {
        ActiveFault fault = nemesis.start(step("partition", "bridge")).orElseThrow();
        String bridge = fault.description().get("bridge").asText();
        assertTrue(blocked(bridge).isEmpty(), "the bridge talks to everyone: " + blocked(bridge));
        assertEquals(2, fault.description().get("links").size(), "only the two outer nodes are cut from each other");
    }

    @Test
    void aZooKeeperPartitionCutsOnlyTheNodesLinkToZooKeeperAndStopHealsIt() throws Exception {
        ActiveFault fault = nemesis.start(step(FaultStep.ZK_PARTITION, "n2")).orElseThrow();
        assertEquals(Set.of("n2>zookeeper:BLOCK"), blocked("n2"), "the link its ZooKeeper proxy obeys");
        assertTrue(blocked("n1").isEmpty() && blocked("n3").isEmpty(), "peers still reach n2");
        assertEquals(List.of("n2"), fault.nodes());
        nemesis.stop(fault);
        assertTrue(blocked("n2").isEmpty(), blocked("n2").toString());
        history.close();
        String lines = Files.readString(dir.resolve("history.jsonl"));
        assertTrue(lines.contains("\"f\":\"start\"") && lines.contains("\"f\":\"stop\"")
                && lines.contains("\"fault\":\"zk-partition\""), lines);
    }

    @Test
    void delayAndClockFaultsAreSetAndUndone() {
        ActiveFault delay = nemesis.start(step("delay", "n2")).orElseThrow();
        assertTrue(blocked("n1").contains("n2>n1:DELAY"), blocked("n1").toString());
        assertEquals(150, cluster.faults("n2").linkFaults().get(0).delay().toMillis());
        ActiveFault clock = nemesis.start(step("clock", "n3")).orElseThrow();
        assertEquals(Duration.ofSeconds(-7), cluster.faults("n3").clockOffset());
        assertEquals(-7000, clock.description().get("offset-ms").asLong());
        nemesis.stop(clock);
        nemesis.stop(delay);
        assertEquals(Duration.ZERO, cluster.faults("n3").clockOffset());
        assertTrue(blocked("n1").isEmpty());
    }

    @Test
    void wipeKillsTheNodeDeletesItsDataAndTheStopRestartsItEmpty() throws Exception {
        Path n1 = cluster.spec().storage().nodeDir("n1");
        String identity = Files.readString(n1.resolve("NODE_IDENTITY"));
        ActiveFault wipe = nemesis.start(step("wipe", "n1")).orElseThrow();
        assertFalse(cluster.isRunning("n1"));
        assertFalse(Files.exists(n1));
        nemesis.stop(wipe);
        assertTrue(cluster.isRunning("n1"));
        assertFalse(Files.readString(n1.resolve("NODE_IDENTITY")).equals(identity), "a new incarnation");
    }

    @Test
    void killOfAMinorityRestartsTheSameNodesAndEveryStartHasItsStopLine() {
        ActiveFault kill = nemesis.start(step("kill", "minority")).orElseThrow();
        assertEquals(1, kill.nodes().size());
        assertFalse(cluster.isRunning(kill.nodes().get(0)));
        nemesis.stop(kill);
        assertTrue(cluster.isRunning(kill.nodes().get(0)));
        List<HistoryEvent> lines = history.snapshot().nemesisEvents();
        assertEquals(List.of("start", "stop"), lines.stream().map(HistoryEvent::f).toList());
        assertEquals(lines.get(0).value().get("id"), lines.get(1).value().get("id"));
        assertEquals("kill", lines.get(1).value().get("fault").asText());
    }

    @Test
    void aFaultThatCannotStartWritesNothing() {
        Optional<ActiveFault> pause = nemesis.start(step("pause", "one")); // no SIGSTOP inside one JVM
        assertTrue(pause.isEmpty());
        assertTrue(history.snapshot().nemesisEvents().isEmpty());
    }

    @Test
    void isolatingTheLeaderOfABackendWithoutLeadersIsolatesARandomNodeAndSaysSo() {
        ActiveFault fault = nemesis.start(step("partition", "isolate-leader")).orElseThrow();
        assertFalse(fault.description().get("leader-known").asBoolean());
        assertEquals(1, fault.nodes().size());
    }
}
