package io.replicalab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuorumMathTest {

    @Test
    void majorities() {
        assertEquals(1, QuorumMath.majority(1));
        assertEquals(2, QuorumMath.majority(2));
        assertEquals(2, QuorumMath.majority(3));
        assertEquals(3, QuorumMath.majority(5));
    }

    @Test
    void overlapIsRPlusWAboveN() {
        assertTrue(QuorumMath.overlaps(2, 2, 3));
        assertFalse(QuorumMath.overlaps(1, 2, 3));
        assertTrue(QuorumMath.overlaps(1, 3, 3));
    }

    @Test
    void levelsResolveToCounts() {
        assertEquals(1, ReadOptions.of(Consistency.ONE).requiredReplicas(2, 5));
        assertEquals(3, ReadOptions.of(Consistency.QUORUM).requiredReplicas(2, 5));
        assertEquals(5, WriteOptions.of(Consistency.ALL).requiredReplicas(2, 5));
        assertEquals(2, WriteOptions.defaults().requiredReplicas(2, 5));
        assertEquals(4, ReadOptions.r(4).requiredReplicas(2, 5));
    }

    @Test
    void readQuorumAboveNIsAnInvalidRequestThatFails() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ReadOptions.r(4).requiredReplicas(2, 3));
        assertEquals("R=4 exceeds the replication factor N=3: choose R <= 3", e.getMessage());
        assertEquals(Outcome.FAIL, e.outcome());
        assertThrows(InvalidRequestException.class, () -> WriteOptions.w(0));
    }

    @Test
    void leaderLevelsHaveNoCount() {
        assertThrows(InvalidRequestException.class, () -> ReadOptions.linearizable().requiredReplicas(2, 3));
        assertThrows(InvalidRequestException.class, () -> WriteOptions.of(Consistency.STALE));
    }

    @Test
    void unknownConsistencyNameListsTheValidOnes() {
        assertEquals(Consistency.QUORUM, Consistency.parse("quorum"));
        assertEquals(Consistency.LINEARIZABLE, Consistency.parse("Linearizable"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Consistency.parse("strong"));
        assertTrue(e.getMessage().startsWith("unknown consistency 'strong': use one of default, one, quorum"), e.getMessage());
    }
}
