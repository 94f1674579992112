package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.api.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expectations judged against hand-made results.json trees. */
class ExpectationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode results(long lost, String linVerdict) throws Exception {
        return JSON.readTree("""
                {"run": "x", "backend": "leaderless", "workload": "cart", "verdict": "invalid",
                 "checkers": [
                   {"name": "lost-writes", "verdict": "%s", "summary": "", "numbers": {"lost": %d, "acknowledgedWrites": 100}},
                   {"name": "linearizability", "verdict": "%s", "summary": "", "numbers": {"keysNotLinearizable": 1}},
                   {"name": "availability", "verdict": "valid", "summary": "", "numbers": {"longestWriteGapMs": 1234, "okShare": 0.9125}},
                   {"name": "performance", "verdict": "valid", "summary": "", "numbers": {"latency": {"write": {"p99Ms": 4.5}}}}
                 ],
                 "skipped": [{"name": "stale-reads", "reason": "no reads"}]}
                """.formatted(lost > 0 ? "invalid" : "valid", lost, linVerdict));
    }

    static Expectation.Status judge(String check, String is, JsonNode results) {
        return new Expectation(check, is, null).evaluate(results).status();
    }

    @Test
    void numbersAreComparedWithEveryOperator() throws Exception {
        JsonNode r = results(3, "valid");
        assertEquals(Expectation.Status.MET, judge("lost-writes.lost", "> 0", r));
        assertEquals(Expectation.Status.NOT_MET, judge("lost-writes.lost", "== 0", r));
        assertEquals(Expectation.Status.MET, judge("lost-writes.lost", ">= 3", r));
        assertEquals(Expectation.Status.NOT_MET, judge("lost-writes.lost", "< 3", r));
        assertEquals(Expectation.Status.MET, judge("lost-writes.lost", "<= 3", r));
        assertEquals(Expectation.Status.MET, judge("lost-writes.lost", "!= 0", r));
        assertEquals(Expectation.Status.MET, judge("availability.longestWriteGapMs", "< 2000", r));
        assertEquals(Expectation.Status.NOT_MET, judge("availability.okShare", ">= 0.99", r));
        assertEquals(Expectation.Status.MET, judge("performance.latency.write.p99Ms", "< 5", r), "nested numbers");
    }

    @Test
    void verdictsAreComparedAsWords() throws Exception {
        assertEquals(Expectation.Status.MET, judge("linearizability.verdict", "== valid", results(0, "valid")));
        assertEquals(Expectation.Status.NOT_MET, judge("linearizability.verdict", "== valid", results(0, "invalid")));
        assertEquals(Expectation.Status.MET, judge("linearizability.verdict", "!= invalid", results(0, "unknown")));
    }

    @Test
    void aSkippedCheckerOrAbsentNumberIsUnmeasuredNotAVerdict() throws Exception {
        JsonNode r = results(0, "valid");
        Expectation.Outcome o = new Expectation("stale-reads.stale", "== 0", null).evaluate(r);
        assertEquals(Expectation.Status.UNMEASURED, o.status());
        assertEquals("not measured", o.measured());
        assertEquals(Expectation.Status.UNMEASURED, judge("lost-writes.nothing", "== 0", r));
        assertEquals(Expectation.Status.UNMEASURED, judge("performance.latency", "== 0", r), "an object is not a number");
        Scenario s = new Scenario("x", null, new SeedClaim("f", "q"), null, List.of("performance.latency", "lost-writes.lost"),
                null, null, "not runnable");
        assertEquals("{\"write\":{\"p99Ms\":4.5}}", ScenarioRunner.judge(s, new Variant("v", "raft", null, null, null, null, null), r, "v")
                .numbers().get("performance.latency"), "a map figure prints as compact JSON");
    }

    @Test
    void measuredValuesArePrintedReadably() throws Exception {
        JsonNode r = results(3, "valid");
        assertEquals("3", new Expectation("lost-writes.lost", "> 0", null).evaluate(r).measured());
        assertEquals("0.913", new Expectation("availability.okShare", "> 0", null).evaluate(r).measured());
        assertEquals("valid", new Expectation("linearizability.verdict", "== valid", null).evaluate(r).measured());
    }

    @Test
    void malformedExpectationsAreOneLineErrors() throws Exception {
        assertThrows(ConfigException.class, () -> new Expectation("lost", "> 0", null));
        assertThrows(ConfigException.class, () -> new Expectation("lost-writes.lost", "about 3", null));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new Expectation("lost-writes.lost", "== valid", null).evaluate(results(1, "valid")));
        assertEquals("expect.is: '== valid' compares the number lost-writes.lost with a word: write a number", e.getMessage());
        assertThrows(ConfigException.class, () -> new Expectation("linearizability.verdict", "> valid", null)
                .evaluate(results(1, "valid")));
    }

    @Test
    void variantAndScenarioVerdicts() throws Exception {
        Scenario cart = ScenarioCatalogue.load().get("shopping-cart");
        Variant lww = cart.variant("leaderless-lww");
        Variant vv = cart.variant("leaderless-version-vectors");
        ScenarioResult.VariantResult lwwLost = ScenarioRunner.judge(cart, lww, results(2, "valid"), "lww");
        ScenarioResult.VariantResult lwwKept = ScenarioRunner.judge(cart, lww, results(0, "valid"), "lww");
        ScenarioResult.VariantResult vvKept = ScenarioRunner.judge(cart, vv, results(0, "valid"), "vv");
        ScenarioResult.VariantResult vvLost = ScenarioRunner.judge(cart, vv, results(1, "valid"), "vv");
        assertEquals("confirmed", lwwLost.verdict(), "the weak config lost adds, as predicted");
        assertEquals("refuted", lwwKept.verdict());
        assertEquals("2", lwwLost.numbers().get("lost-writes.lost"));
        JsonNode withoutAvailability = results(2, "valid");
        ((com.fasterxml.jackson.databind.node.ArrayNode) withoutAvailability.get("checkers")).remove(2);
        assertEquals("-", ScenarioRunner.judge(cart, lww, withoutAvailability, "lww").numbers().get("availability.okShare"),
                "a figure absent from results.json prints as -");
        assertEquals("confirmed", ScenarioResult.scenarioVerdict(List.of(lwwLost, vvKept)));
        assertEquals("qualified", ScenarioResult.scenarioVerdict(List.of(lwwKept, vvKept)));
        assertEquals("refuted", ScenarioResult.scenarioVerdict(List.of(lwwKept, vvLost)));
        assertEquals("not run", ScenarioResult.scenarioVerdict(List.of()));

        ScenarioResult.VariantResult vvFailed = new ScenarioResult.VariantResult(vv.name(), vv.backend(), vv.role(),
                vv.description(), "{}", "failed", "node n3 failed to start", null, java.util.Map.of(), List.of(), "not run");
        assertEquals("incomplete", ScenarioResult.scenarioVerdict(List.of(lwwLost, vvFailed)),
                "the variant that broke was not tested: the other cannot confirm the claim alone");
        assertEquals("incomplete", ScenarioResult.scenarioVerdict(List.of(lwwKept, vvFailed)));
    }
}
