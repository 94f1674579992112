package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.HistoryReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ttl-lock-pause's weak SIGSTOP variant on a process cluster (one JVM per node, ZooKeeper as a fifth process):
 * the TTL-lock holder's process is really stopped past the TTL, and once it resumes it acknowledges writes while
 * its successor holds the lock. (The latch variant's one primary under the same SIGSTOP is
 * {@code SingleLeaderProcessClusterTest}'s fencing-on test.)
 */
class TtlLockSigstopScenarioTest {
    @TempDir
    Path out;

    @Test
    void aTtlLockHolderResumedAfterSigstopPastItsTtlAndItsSuccessorAreTwoWritablePrimaries() throws Exception {
        Scenario scenario = ScenarioCatalogue.load().get("ttl-lock-pause");
        Variant ttl = scenario.variant("single-leader-ttl-lock-sigstop");
        ScenarioResult r = ScenarioRunner.run(scenario, List.of(ttl), "process", out, "test", line -> { });

        ScenarioResult.VariantResult v = r.variants().get(0);
        assertEquals("ran", v.status(), v.reason());
        assertEquals("2", v.numbers().get("concurrent-primaries.maxWritablePrimaries"), v.numbers().toString());
        assertTrue(Long.parseLong(v.numbers().get("concurrent-primaries.staleAcknowledgements")) > 0, v.numbers().toString());
        assertEquals("2", v.numbers().get("concurrent-primaries.maxClaimingPrimaries"),
                "the paused holder still believed it led when it resumed: " + v.numbers());
        assertEquals("confirmed", r.verdict());

        History history = HistoryReader.read(out.resolve(v.runDir()).resolve("history.jsonl"));
        List<HistoryEvent> starts = history.nemesisEvents().stream().filter(e -> e.f().equals("start")).toList();
        assertEquals(List.of("zk-partition", "pause"), starts.stream().map(e -> e.value().get("fault").asText()).toList(),
                "cut from ZooKeeper first, then SIGSTOPped");
        assertEquals(starts.get(0).value().get("nodes"), starts.get(1).value().get("nodes"), "both faults hit the lock holder");
    }
}
