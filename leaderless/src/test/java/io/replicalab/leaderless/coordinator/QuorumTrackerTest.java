package io.replicalab.leaderless.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.replicalab.leaderless.coordinator.QuorumTracker.Verdict;
import org.junit.jupiter.api.Test;

class QuorumTrackerTest {

    @Test
    void reachedOnTheWthAckAndDecidedOnce() {
        QuorumTracker t = new QuorumTracker(2, 3);
        assertEquals(Verdict.PENDING, t.ack());
        assertEquals(Verdict.REACHED, t.ack());
        assertEquals(Verdict.REACHED, t.silent(), "a late silence does not undo a reached quorum");
    }

    @Test
    void failsCleanlyOnlyWhenNoReplicaMayHaveApplied() {
        QuorumTracker t = new QuorumTracker(2, 3);
        assertEquals(Verdict.PENDING, t.refused());
        assertEquals(Verdict.FAILED_CLEANLY, t.refused());
    }

    @Test
    void anAckOrASilenceShortOfQuorumMakesTheOutcomeUnknown() {
        QuorumTracker acked = new QuorumTracker(2, 3);
        acked.ack();
        acked.refused();
        assertEquals(Verdict.FAILED_UNKNOWN, acked.refused());

        QuorumTracker silent = new QuorumTracker(3, 3);
        assertEquals(Verdict.FAILED_UNKNOWN, silent.silent());
    }

    @Test
    void quorumLargerThanContactedIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new QuorumTracker(4, 3));
    }
}
