package io.replicalab.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FailoverBenchmarkTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aRaftElectionIsTheFirstLeaderChangeToTheNewLeaderAfterTheKill() throws Exception {
        JsonNode events = json("""
                [{"at-millis": 900, "node": "n2", "kind": "LEADER_CHANGED", "term": 1, "leader": "n2"},
                 {"at-millis": 1000, "node": "n2", "kind": "TERM_CHANGED", "term": 2, "leader": null},
                 {"at-millis": 1300, "node": "n2", "kind": "LEADER_CHANGED", "term": 2, "leader": "n2"}]""");
        assertEquals(1300, FailoverBenchmark.electedAt(events, "n2", 1000));
    }

    @Test
    void aSingleLeaderPromotionCountsAsTheElection() throws Exception {
        JsonNode promotions = json("""
                [{"at-millis": 1100, "node": "n3", "kind": "stepped-back", "epoch": 2, "position": "2:5", "detail": ""},
                 {"at-millis": 1450, "node": "n3", "kind": "promoted", "epoch": 3, "position": "2:5", "detail": ""}]""");
        assertEquals(1450, FailoverBenchmark.electedAt(promotions, "n3", 1000));
    }

    @Test
    void noRecordOfTheElectionIsNaNAndPrintsAsNotAvailable() throws Exception {
        JsonNode promotions = json("""
                [{"at-millis": 500, "node": "n3", "kind": "promoted", "epoch": 1, "position": "0:0", "detail": ""}]""");
        double at = FailoverBenchmark.electedAt(promotions, "n3", 1000);
        assertTrue(Double.isNaN(at));
        assertEquals("n/a", new FailoverBenchmark.Trial("n1", "n3", 700, at - 1000).elected());
        assertEquals("612 ms", new FailoverBenchmark.Trial("n1", "n3", 700, 612).elected());
    }
}
