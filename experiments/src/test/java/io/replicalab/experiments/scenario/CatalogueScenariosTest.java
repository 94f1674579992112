package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.config.ClusterSpecLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small versions (same variants and faults, shorter times) of ordering, clock-skew-lww and replica-recovery on
 * clusters in this JVM: the weak configuration shows its bad outcome and the strong one none. Only counts
 * are asserted (divergent orders, stale reads, lost writes), never times.
 */
class CatalogueScenariosTest {
    private static final ScenarioCatalogue CATALOGUE = ScenarioCatalogue.load();

    @TempDir
    Path out;

    /** {@code name} from the catalogue with {@code yaml} put over its base spec's top-level keys. */
    private static Scenario shortened(String name, String yaml) throws Exception {
        Scenario s = CATALOGUE.get(name);
        ObjectNode spec = s.spec().deepCopy();
        spec.setAll((ObjectNode) ClusterSpecLoader.yamlMapper().readTree(yaml));
        return new Scenario(s.name(), s.title(), s.seed(), s.claim(), s.numbers(), spec, s.variants(), s.missing());
    }

    private ScenarioResult run(Scenario s, String... variants) throws Exception {
        List<Variant> picked = List.of(variants).stream().map(s::variant).toList();
        ScenarioResult r = ScenarioRunner.run(s, picked, null, out.resolve(s.name()), "test", line -> { });
        r.variants().forEach(v -> assertEquals("ran", v.status(), v.name() + ": " + v.reason()));
        return r;
    }

    private static long number(ScenarioResult r, String variant, String path) {
        String value = r.variants().stream().filter(v -> v.name().equals(variant)).findFirst().orElseThrow().numbers().get(path);
        return Long.parseLong(value);
    }

    @Test
    void orderingLeaderlessReplicasApplyInDifferentOrdersRaftInOne() throws Exception {
        Scenario s = shortened("ordering", """
                duration: 4s
                nemesis: {schedule: [{at: 1s, for: 2s, fault: partition, target: halves}], quiesce: 1s}
                """);
        ScenarioResult r = run(s, "leaderless", "raft");
        assertTrue(number(r, "leaderless", "apply-order.keysWithDivergentOrder") > 0, r.variants().get(0).numbers().toString());
        assertEquals(0, number(r, "leaderless", "lost-writes.lost"), "siblings keep both appends");
        assertEquals(0, number(r, "raft", "apply-order.keysWithDivergentOrder"));
        assertEquals(0, number(r, "raft", "list-append-order.readsNotAPrefix"));
        assertEquals("confirmed", r.verdict());
    }

    @Test
    void clockSkewLwwReturnsTheSkewedWriteOverLaterOnesAndNotWithoutTheSkew() throws Exception {
        Scenario s = shortened("clock-skew-lww", """
                duration: 5s
                nemesis: {schedule: [{at: 1s, for: 3s, fault: clock, target: n1, offset: 5s}], quiesce: 1s}
                """);
        ScenarioResult r = run(s, "leaderless-lww", "leaderless-lww-no-skew", "leaderless-version-vectors");
        assertTrue(number(r, "leaderless-lww", "stale-reads.stale") > 0, r.variants().get(0).numbers().toString());
        assertEquals(0, number(r, "leaderless-lww-no-skew", "stale-reads.stale"));
        assertEquals(0, number(r, "leaderless-version-vectors", "lost-writes.lost"));
        assertEquals("confirmed", r.verdict());
    }

    @Test
    void replicaRecoveryLosesNoAcknowledgedWriteWithAReplicaDown() throws Exception {
        Scenario s = shortened("replica-recovery", """
                duration: 5s
                nemesis: {schedule: [{at: 1s, for: 2s, fault: kill, target: n3}], quiesce: 2s}
                """);
        ScenarioResult r = run(s, "hinted-handoff-only");
        assertEquals(0, number(r, "hinted-handoff-only", "lost-writes.lost"));
        assertEquals("confirmed", r.verdict());
    }
}
