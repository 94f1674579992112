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
    void failsCleanlyOnlyWhenEveryReplicaRefused() {
        QuorumTracker t = new QuorumTracker(1, 2);
        assertEquals(Verdict.PENDING, t.refused(), "the other replica may still ack");
        assertEquals(Verdict.FAILED_CLEANLY, t.refused());
    }

    @Test
    void aReplicaStillOutstandingWhenTheQuorumBecomesImpossibleMakesTheOutcomeUnknown() {
        QuorumTracker t = new QuorumTracker(3, 3);
        assertEquals(Verdict.FAILED_UNKNOWN, t.refused(), "the two others have the write and may apply it");
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
