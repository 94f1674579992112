package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * split-brain and ttl-lock-pause end to end on clusters in this JVM, the variants that disagree: the primary
 * is cut from ZooKeeper past its session / lock TTL; without fencing (latch) or with the TTL lock two primaries
 * acknowledge writes at once, with fencing on (and on Raft, for split-brain) only one does.
 */
class SplitBrainScenariosTest {
    private static final String WRITABLE = "concurrent-primaries.maxWritablePrimaries";

    @TempDir
    Path out;

    @Test
    void splitBrainTwoWritablePrimariesWithoutFencingOneWithFencingAndOneOnRaft() throws Exception {
        Scenario scenario = ScenarioCatalogue.load().get("split-brain");
        ScenarioResult r = ScenarioRunner.run(scenario, scenario.variants(), null, out, "test", line -> { });

        ScenarioResult.VariantResult off = variant(r, "single-leader-fencing-off");
        ScenarioResult.VariantResult on = variant(r, "single-leader-fencing-on");
        ScenarioResult.VariantResult raft = variant(r, "raft");
        assertEquals("2", off.numbers().get(WRITABLE), "fencing off: the cut primary keeps acknowledging " + off.numbers());
        assertTrue(Long.parseLong(off.numbers().get("concurrent-primaries.staleAcknowledgements")) > 0, off.numbers().toString());
        assertEquals("1", on.numbers().get(WRITABLE), "fencing on: one writable primary " + on.numbers());
        assertEquals("1", raft.numbers().get(WRITABLE), "raft: the stale leader cannot commit " + raft.numbers());
        assertEquals("confirmed", r.verdict());
        assertNemesisLine(out.resolve(off.runDir()));
    }

    @Test
    void ttlLockPauseTwoLeadersWithTheTtlLockOneWithTheLatch() throws Exception {
        Scenario scenario = ScenarioCatalogue.load().get("ttl-lock-pause");
        List<Variant> variants = ScenarioRunner.select(scenario, "single-leader");
        ScenarioResult r = ScenarioRunner.run(scenario, variants, null, out, "test", line -> { });

        ScenarioResult.VariantResult ttl = variant(r, "single-leader-ttl-lock");
        ScenarioResult.VariantResult latch = variant(r, "single-leader-latch");
        assertEquals("2", ttl.numbers().get(WRITABLE), "ttl lock: two leaders " + ttl.numbers());
        assertEquals("1", latch.numbers().get(WRITABLE), "latch + fencing: one " + latch.numbers());
        assertEquals("confirmed", r.verdict());
    }

    private static ScenarioResult.VariantResult variant(ScenarioResult r, String name) {
        ScenarioResult.VariantResult v = r.variants().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertEquals("ran", v.status(), name + ": " + v.reason());
        return v;
    }

    /** The history has the zk-partition's start and stop, promotion events and the node that served each write. */
    private static void assertNemesisLine(Path runDir) throws Exception {
        Path dir = Files.isDirectory(runDir) ? runDir : runDir.getParent();
        String history = Files.readString(dir.resolve("history.jsonl"));
        assertTrue(history.contains("\"fault\":\"zk-partition\""), "zk-partition start/stop in the history");
        assertTrue(history.contains("\"f\":\"promotion\""), "promotion events in the history");
        assertTrue(history.matches("(?s).*\"type\":\"ok\",[^\\n]*\"f\":\"write\"[^\\n]*\"node\":\"n[1-3]\".*"),
                "acknowledged writes name the node that served them");
    }
}
