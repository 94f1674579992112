package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shopping-cart end to end on a cluster in this JVM, leaderless variants only (the two that disagree):
 * version vectors keep every acknowledged add, LWW loses some (seed 001's [milk] [bread]).
 */
class ScenarioRunTest {
    @TempDir
    Path out;

    @Test
    void shoppingCartVersionVectorsKeepEveryAddAndLwwLosesSome() throws Exception {
        Scenario cart = ScenarioCatalogue.load().get("shopping-cart");
        List<Variant> variants = ScenarioRunner.select(cart, "leaderless");
        ScenarioResult r = ScenarioRunner.run(cart, variants, null, out, "test", line -> { });

        ScenarioResult.VariantResult vv = r.variants().get(0);
        ScenarioResult.VariantResult lww = r.variants().get(1);
        assertEquals("leaderless-version-vectors", vv.name());
        assertEquals("ran", vv.status());
        assertEquals("0", vv.numbers().get("lost-writes.lost"), "version vectors lose no acknowledged add");
        assertTrue(Long.parseLong(lww.numbers().get("lost-writes.lost")) > 0, "LWW loses acknowledged adds: " + lww.numbers());
        assertEquals("confirmed", r.verdict());

        assertTrue(Files.isRegularFile(out.resolve(ScenarioResult.FILE)));
        ScenarioResult back = ScenarioResult.read(out.resolve(ScenarioResult.FILE));
        assertEquals(r, back, "scenario-result.json round-trips");
        assertTrue(Files.isRegularFile(out.resolve("report.html")), "side-by-side report");
        assertTrue(Files.isRegularFile(out.resolve("leaderless-lww/results.json")));

        String table = ScenarioTable.render(r);
        assertTrue(table.contains("leaderless-lww") && table.contains("lost-writes.lost > 0"), table);
        String md = ScenarioDocs.markdown(ScenarioCatalogue.load(), List.of(back), "test");
        assertTrue(md.contains("## shopping-cart") && md.contains("Final cart: [milk, bread]") && md.contains("**confirmed**"), md);
        assertTrue(md.contains("## split-brain") && md.contains("Not run yet."), "a scenario without a result says so");
    }
}
