package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tunable-consistency end to end on clusters in this JVM, three variants that disagree: with one node lagging,
 * R=W=1 reads stale values, R=W=2 on N=3 does not, and R=W=2 over a sloppy quorum (5 nodes cut 2 | 3, hinted
 * handoff) is not linearizable.
 */
class TunableConsistencyScenarioTest {
    @TempDir
    Path out;

    @Test
    void weakQuorumsReadStaleValuesOverlappingOnesDoNotAndSloppyQuorumsAreNotLinearizable() throws Exception {
        Scenario scenario = ScenarioCatalogue.load().get("tunable-consistency");
        List<Variant> variants = List.of(scenario.variant("r1w1"), scenario.variant("r2w2"),
                scenario.variant("r2w2-sloppy-quorum"));
        ScenarioResult r = ScenarioRunner.run(scenario, variants, null, out, "test", line -> { });

        ScenarioResult.VariantResult weak = variant(r, "r1w1");
        ScenarioResult.VariantResult strong = variant(r, "r2w2");
        ScenarioResult.VariantResult sloppy = variant(r, "r2w2-sloppy-quorum");
        assertTrue(Long.parseLong(weak.numbers().get("stale-reads.stale")) > 0, "R=W=1 reads stale values " + weak.numbers());
        assertEquals("0", strong.numbers().get("stale-reads.stale"), "R=W=2 of N=3 reads no stale value " + strong.numbers());
        assertTrue(Long.parseLong(strong.numbers().get("stale-reads.reads")) > 0, strong.numbers().toString());
        assertTrue(Long.parseLong(sloppy.numbers().get("linearizability.keysNotLinearizable")) > 0,
                "a sloppy quorum is no quorum " + sloppy.numbers());
        assertEquals("confirmed", r.verdict());
    }

    private static ScenarioResult.VariantResult variant(ScenarioResult r, String name) {
        ScenarioResult.VariantResult v = r.variants().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertEquals("ran", v.status(), name + ": " + v.reason());
        return v;
    }
}
