package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of several results of one scenario on one cluster kind docs/scenarios.md shows. */
class ScenarioDocsTest {
    private static final Scenario CART = ScenarioCatalogue.load().get("shopping-cart");

    @Test
    void aFiveSeedRunIsNotHiddenByANewerOneSeedRunNorByANewerRerunOfOneVariant() {
        ScenarioResult fiveSeeds = result(1_000, List.of("leaderless-lww", "raft"), List.of(1L, 2L, 3L, 4L, 5L), "512..2200");
        ScenarioResult newerOnce = result(2_000, List.of("leaderless-lww", "raft"), List.of(), "77");
        ScenarioResult newerRerun = result(3_000, List.of("raft"), List.of(1L, 2L, 3L, 4L, 5L), "0");

        String md = ScenarioDocs.markdown(new ScenarioCatalogue(List.of(CART)), List.of(newerRerun, fiveSeeds, newerOnce), "test");

        assertTrue(md.contains("5 seeds (1, 2, 3, 4, 5)"), md);
        assertTrue(md.contains("512..2200"), md);
        assertFalse(md.contains("| 77 "), "the one-seed run is weaker evidence: " + md);
    }

    @Test
    void amongEquallyStrongRunsTheNewestIsShown() {
        ScenarioResult older = result(1_000, List.of("leaderless-lww"), List.of(), "11");
        ScenarioResult newer = result(2_000, List.of("leaderless-lww"), List.of(), "22");

        String md = ScenarioDocs.markdown(new ScenarioCatalogue(List.of(CART)), List.of(newer, older), "test");

        assertTrue(md.contains("22 (met)"), md);
        assertFalse(md.contains("11 (met)"), md);
    }

    private static ScenarioResult result(long startedAt, List<String> variantNames, List<Long> seeds, String lost) {
        List<ScenarioResult.VariantResult> variants = variantNames.stream().map(name -> {
            ScenarioResult.Judged j = new ScenarioResult.Judged("lost-writes.lost", "> 0", "why", lost, "met",
                    seeds.isEmpty() ? null : seeds.size(), seeds.isEmpty() ? null : seeds.size());
            return new ScenarioResult.VariantResult(name, "leaderless", "weak", "", "{}", "ran", null, name,
                    Map.of("lost-writes.lost", lost), List.of(j), "confirmed", List.of());
        }).toList();
        return new ScenarioResult(CART.name(), CART.title(), CART.seed(), "", "local", "test", startedAt, 1, variants, "confirmed",
                seeds);
    }
}
