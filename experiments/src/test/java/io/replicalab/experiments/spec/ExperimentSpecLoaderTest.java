package io.replicalab.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.Consistency;
import io.replicalab.api.config.ConfigException;
import io.replicalab.experiments.nemesis.NemesisSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentSpecLoaderTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "experiments");

    @Test
    void everyShippedExampleParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("quickstart.yaml", "register-partition.yaml", "cart.yaml")), names.toString());
        for (Path f : files) {
            ExperimentSpec spec = ExperimentSpecLoader.load(f);
            assertTrue(spec.durationValue().toMillis() > 0, f.toString());
        }
    }

    @Test
    void quickstartIsARegisterRunWithAPartitionAndAKillOnALocalCluster() {
        ExperimentSpec spec = ExperimentSpecLoader.load(EXAMPLES.resolve("quickstart.yaml"));
        assertEquals("register", spec.workload().type());
        assertEquals("local", spec.cluster().kind());
        assertEquals(List.of("partition", "kill"), spec.nemesis().schedule().stream().map(FaultStep::fault).toList());
        assertEquals(Duration.ofSeconds(4), spec.nemesis().schedule().get(0).atDuration());
        assertEquals(Duration.ofSeconds(5), spec.nemesis().schedule().get(0).length());
        assertEquals("lww", spec.cluster().leaderless().get("conflicts").asText());
    }

    @Test
    void defaultsFillAMinimalSpec() {
        ExperimentSpec spec = ExperimentSpecLoader.parse("workload: {type: kv, mix: b}\n", "t.yaml");
        assertEquals("leaderless", spec.cluster().backend());
        assertEquals(3, spec.cluster().nodes());
        assertEquals(4, spec.clients());
        assertEquals(0.0, spec.rate());
        assertEquals(1000, spec.workload().keys());
        assertTrue(spec.nemesis().schedule().isEmpty());
    }

    @Test
    void perBackendConsistencyOverridesTheCommonLevels() {
        ExperimentSpec spec = ExperimentSpecLoader.parse("""
                consistency:
                  read: quorum
                  write: all
                  backends:
                    raft: {read: linearizable}
                    leaderless: {read: "1", write: "3"}
                """, "t.yaml");
        assertEquals(Consistency.LINEARIZABLE, spec.consistency().readOptions("raft").consistency());
        assertEquals(Consistency.DEFAULT, spec.consistency().writeOptions("raft").consistency());
        assertEquals(1, spec.consistency().readOptions("leaderless").replicas());
        assertEquals(3, spec.consistency().writeOptions("leaderless").replicas());
        assertEquals(Consistency.QUORUM, spec.consistency().readOptions("single-leader").consistency());
        assertEquals(Consistency.ALL, spec.consistency().writeOptions("single-leader").consistency());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown top-level key  | clinets: 4                                        | unknown key 'clinets'",
        "unknown nested key     | 'workload: {type: kv, mixx: a}'                    | unknown key 'mixx'",
        "bad workload type      | 'workload: {type: queue}'                          | workload.type: 'queue' is unknown: use one of register, kv, cart, list-append",
        "bad distribution       | 'workload: {distribution: gauss}'                  | workload.distribution: 'gauss' is unknown",
        "bad cluster kind       | 'cluster: {kind: docker}'                          | cluster.kind: 'docker' is unknown: use one of local, process",
        "negative duration      | 'duration: -5s'                                    | duration: '-5s' is not a duration",
        "zero duration          | 'duration: 0s'                                     | duration: is zero",
        "negative rate          | 'rate: -1'                                         | rate: -1.0 is negative",
        "no clients             | 'clients: 0'                                       | clients: 0 is out of range",
        "bad fault              | 'nemesis: {schedule: [{at: 1s, fault: meteor}]}'   | nemesis fault: 'meteor' is unknown",
        "bad fault time         | 'nemesis: {schedule: [{at: soon, fault: kill}]}'   | nemesis kill.at: 'soon' is not a duration",
        "link target on a kill  | 'nemesis: {schedule: [{fault: kill, target: halves}]}' | nemesis kill.target: 'halves' is a partition target",
        "node target on a cut   | 'nemesis: {schedule: [{fault: partition, target: minority}]}' | nemesis partition.target: 'minority' is not a link target",
        "unknown node           | 'nemesis: {schedule: [{fault: kill, target: n7}]}' | nemesis kill.target: 'n7' is not a node of this cluster",
        "pause in one JVM       | 'nemesis: {schedule: [{fault: pause}]}'            | nemesis pause: needs cluster.kind: process",
        "zk cut without zk      | '{cluster: {backend: raft}, nemesis: {schedule: [{fault: zk-partition}]}}' | nemesis zk-partition: backend raft has no ZooKeeper link to cut",
        "zk cut, fixed election | '{cluster: {backend: single-leader, single-leader: {election: fixed}}, nemesis: {schedule: [{fault: zk-partition}]}}' | nemesis zk-partition: backend single-leader has no ZooKeeper",
        "zk cut of halves       | '{cluster: {backend: single-leader}, nemesis: {schedule: [{fault: zk-partition, target: halves}]}}' | nemesis zk-partition.target: 'halves' is a partition target",
        "schedule and random    | 'nemesis: {schedule: [{fault: kill}], random: {}}' | nemesis: has both schedule and random",
        "bad consistency        | 'consistency: {read: strong}'                      | consistency.read: unknown consistency 'strong'",
        "bad fsync              | 'cluster: {fsync: sometimes}'                      | fsync",
    })
    void invalidSpecsFailWithOneLineNamingTheField(String name, String yaml, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentSpecLoader.parse(yaml + "\n", "bad.yaml"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aMissingFileSaysWhereExamplesAre() {
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentSpecLoader.load(Path.of("no-such.yaml")));
        assertTrue(e.getMessage().contains("examples/experiments"), e.getMessage());
    }

    @Test
    void theSameSeedGivesTheSameRandomSchedule() {
        ExperimentSpec spec = ExperimentSpecLoader.parse("""
                duration: 60s
                nemesis: {random: {interval: 2s, for: 3s, faults: [partition, kill, clock, delay]}}
                """, "t.yaml");
        List<FaultStep> a = NemesisSchedule.plan(spec.nemesis(), spec.durationValue(), 42);
        List<FaultStep> b = NemesisSchedule.plan(spec.nemesis(), spec.durationValue(), 42);
        List<FaultStep> c = NemesisSchedule.plan(spec.nemesis(), spec.durationValue(), 43);
        assertEquals(12, a.size());
        assertEquals(b, a);
        assertNotEquals(c.stream().map(FaultStep::fault).toList(), a.stream().map(FaultStep::fault).toList());
        assertEquals(Duration.ofSeconds(2), a.get(0).atDuration());
        assertEquals(Duration.ofSeconds(7), a.get(1).atDuration());
        a.forEach(s -> assertTrue(s.atDuration().plus(s.length()).compareTo(Duration.ofSeconds(60)) <= 0, s.toString()));
    }
}
