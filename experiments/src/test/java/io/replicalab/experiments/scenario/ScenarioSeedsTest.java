package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.experiments.report.Reports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny scenario on a cluster in this JVM run with three seeds: each seed is its own run (its own
 * seed in run.json, its own side-by-side report), and each expectation is judged across all of them.
 */
class ScenarioSeedsTest {
    /** Two variants of one backend: one expectation every healthy run meets, one no run can meet. */
    static final String TINY_YAML = """
            name: tiny-seeds
            seed: {file: 000_test.txt, quote: "a test claim"}
            numbers: [availability.okShare, lost-writes.acknowledgedWrites]
            spec:
              seed: 40
              cluster: {kind: local, nodes: 3, storage: memory, leaderless: {conflicts: lww, gossip-interval-ms: 100}}
              workload: {type: register, keys: 2}
              clients: 2
              rate: 40
              duration: 1s
              nemesis: {quiesce: 100ms}
            variants:
              - name: healthy
                backend: leaderless
                role: strong
                expect:
                  - {check: availability.okShare, is: ">= 0.5", why: "no faults"}
              - name: impossible
                backend: leaderless
                role: weak
                set: {consistency: {write: "2"}}
                expect:
                  - {check: lost-writes.lost, is: "< 0", why: "no run can lose a negative number of writes"}
            """;
    static final Scenario TINY = ScenarioCatalogue.parse(TINY_YAML, "tiny-seeds.yaml");

    @TempDir
    Path out;

    @Test
    void everyVariantRunsOncePerSeedAndIsJudgedAcrossThem() throws Exception {
        ScenarioResult r = ScenarioRunner.run(TINY, TINY.variants(), null, 3, out, "test --seeds 3", line -> { });

        assertEquals(List.of(40L, 41L, 42L), r.seeds());
        ObjectMapper json = new ObjectMapper();
        for (long seed : r.seeds()) {
            Path seedDir = out.resolve("seed-" + seed);
            for (String variant : List.of("healthy", "impossible")) {
                assertEquals(seed, json.readTree(seedDir.resolve(variant).resolve("run.json").toFile()).get("seed").asLong(),
                        "each seed's run uses that seed");
            }
            String md = Files.readString(seedDir.resolve(Reports.COMPARISON_MD));
            assertTrue(md.startsWith("| checker | leaderless (healthy) | leaderless (impossible) |"), md);
        }

        ScenarioResult.VariantResult healthy = r.variants().get(0);
        assertEquals(3, healthy.seeds().size());
        assertEquals("confirmed", healthy.verdict());
        ScenarioResult.Judged ok = healthy.expectations().get(0);
        assertEquals("met", ok.status());
        assertEquals(3, ok.seedsMet());
        assertEquals(3, ok.seedsRun());
        assertEquals("seed-41/healthy", healthy.seeds().get(1).runDir());

        ScenarioResult.VariantResult impossible = r.variants().get(1);
        assertEquals("refuted", impossible.verdict());
        assertEquals(0, impossible.expectations().get(0).seedsMet());
        assertEquals("0 (not met: 0 of 3 seeds)", impossible.expectations().get(0).describe());
        assertEquals("qualified", r.verdict());

        // the key figures are ranges over the seeds: each one covers every seed's value
        String acks = healthy.numbers().get("lost-writes.acknowledgedWrites");
        for (ScenarioResult.SeedResult s : healthy.seeds()) {
            double v = Double.parseDouble(s.numbers().get("lost-writes.acknowledgedWrites"));
            String[] range = acks.split("\\.\\.");
            assertTrue(Double.parseDouble(range[0]) <= v && v <= Double.parseDouble(range[range.length - 1]), acks + " vs " + v);
        }

        ScenarioResult back = ScenarioResult.read(out.resolve(ScenarioResult.FILE));
        assertEquals(r, back, "scenario-result.json round-trips, per-seed results included");
        String table = ScenarioTable.render(back);
        assertTrue(table.contains("seeds: 3 seeds (40, 41, 42)"), table);
        assertTrue(table.contains("healthy: seed 40 confirmed, seed 41 confirmed, seed 42 confirmed"), table);
        assertTrue(table.contains("(met: 3 of 3 seeds)"), table);
    }

    @Test
    void aVariantIsConfirmedOnlyWhenEverySeedMeetsIt() {
        Variant v = TINY.variants().get(0);
        ScenarioResult.SeedResult met = seed(40, "0.9", "met");
        ScenarioResult.SeedResult alsoMet = seed(41, "1", "met");
        ScenarioResult.SeedResult notMet = seed(42, "0.4", "not met");
        ScenarioResult.VariantResult all = SeedAggregate.variant(v, List.of(met, alsoMet));
        assertEquals("confirmed", all.verdict());
        assertEquals("0.900..1 (met: 2 of 2 seeds)", all.expectations().get(0).describe());
        assertEquals(Map.of("availability.okShare", "0.900..1"), all.numbers());

        ScenarioResult.VariantResult oneMisses = SeedAggregate.variant(v, List.of(met, alsoMet, notMet));
        assertEquals("refuted", oneMisses.verdict());
        assertEquals("0.400..1 (not met: 2 of 3 seeds)", oneMisses.expectations().get(0).describe());

        ScenarioResult.SeedResult failed = new ScenarioResult.SeedResult(43, "failed", "cluster did not start", null, Map.of(),
                List.of(), "not run");
        ScenarioResult.VariantResult oneBroke = SeedAggregate.variant(v, List.of(met, alsoMet, failed));
        assertEquals("incomplete", oneBroke.verdict(), "2 of 3 seeds met it, one was not tested: not confirmed");
        assertEquals("0.900..1 (unmeasured: 2 of 3 seeds)", oneBroke.expectations().get(0).describe(),
                "the seed that broke counts among the seeds");
        assertEquals("ran", oneBroke.status());
        assertTrue(oneBroke.broke());
        assertEquals("seed 43 failed: cluster did not start", oneBroke.reason());
        assertEquals("not met", SeedAggregate.variant(v, List.of(notMet, failed)).expectations().get(0).status());

        ScenarioResult withBrokenVariant = new ScenarioResult("tiny-seeds", "t", TINY.seed(), "", "local", "test", 0, 1,
                List.of(all, oneBroke), "confirmed", List.of(40L, 41L, 43L));
        assertEquals(", 1 of 2 variants failed to run", ScenarioDocs.failedNote(withBrokenVariant));
        assertEquals("incomplete", ScenarioResult.scenarioVerdict(withBrokenVariant.variants()));
    }

    /**
     * A variant whose cluster cannot start (the ZooKeeper port its settings name is held here, as by another
     * process): the scenario is incomplete, with one seed or several, and docs/scenarios.md says so.
     */
    @Test
    void aVariantThatFailedToRunMakesTheScenarioIncomplete() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String blocked = """
                      - name: blocked
                        backend: single-leader
                        role: strong
                        set: {cluster: {single-leader: {zookeeper-port: %d}}}
                        expect:
                          - {check: lost-writes.lost, is: "== 0", why: "never measured: its ZooKeeper cannot start"}
                    """.formatted(taken.getLocalPort());
            String yaml = TINY_YAML.replace("tiny-seeds", "tiny-broken");
            Scenario s = ScenarioCatalogue.parse(yaml.substring(0, yaml.indexOf("  - name: impossible")) + blocked,
                    "tiny-broken.yaml");
            ScenarioResult r = ScenarioRunner.run(s, s.variants(), null, 2, out, "test --seeds 2", line -> { });

            assertEquals("confirmed", r.variants().get(0).verdict());
            ScenarioResult.VariantResult broken = r.variants().get(1);
            assertEquals("failed", broken.status());
            assertTrue(broken.reason().contains("zookeeper-port"), broken.reason());
            assertEquals("incomplete", r.verdict(), "one variant was not tested: the claim is not confirmed");
            assertTrue(ScenarioTable.render(r).contains("verdict: incomplete"), ScenarioTable.render(r));

            String md = ScenarioDocs.markdown(new ScenarioCatalogue(List.of(s)), List.of(r), "test");
            assertTrue(md.contains("| **incomplete** (local, 1 of 2 variants failed to run) |"), md);
            assertTrue(md.contains("### Measured on a local cluster, 2 seeds (40, 41): incomplete "
                    + "(1 of 2 variants failed to run: not every variant was tested)"), md);

            ScenarioResult once = ScenarioRunner.run(s, s.variants(), null, 1, out.resolve("once"), "test", line -> { });
            assertEquals("incomplete", once.verdict(), "without --seeds too");
        }
    }

    private static ScenarioResult.SeedResult seed(long seed, String okShare, String status) {
        ScenarioResult.Judged j = new ScenarioResult.Judged("availability.okShare", ">= 0.5", "no faults", okShare, status, null, null);
        return new ScenarioResult.SeedResult(seed, "ran", null, "seed-" + seed + "/healthy", Map.of("availability.okShare", okShare),
                List.of(j), status.equals("met") ? "confirmed" : "refuted");
    }
}
