package io.replicalab.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderViewTest {

    @Test
    void theSelfClaimedPrimaryWinsOverAStaleMajorityNamingItsPredecessor() {
        // n3 took over; n1 (deposed) knows it, n2 still names n1: a vote would pick n1.
        Map<String, LeaderView> views = Map.of(
                "n1", new LeaderView("n3", 2L, "replica"),
                "n2", new LeaderView("n1", 1L, "replica"),
                "n3", new LeaderView("n3", 2L, "primary"));
        assertEquals(Optional.of("n3"), LeaderView.leaderOf(views));
        assertEquals(Optional.of("n1"), LeaderView.leaderOf(Map.of(
                "n1", new LeaderView("n1", 1L, "replica"), // names itself but says it is a replica: no claim
                "n2", new LeaderView("n1", 1L, "replica"),
                "n3", new LeaderView("n2", 1L, "replica"))), "without a claimant, the node most views name");
    }

    @Test
    void ofTwoClaimingLeadersTheOneOfTheHigherTermWins() {
        // n1 is cut off and has not stepped down yet; n2 was elected in term 5.
        Map<String, LeaderView> views = Map.of(
                "n1", new LeaderView("n1", 4, "leader"),
                "n2", new LeaderView("n2", 5, "leader"),
                "n3", new LeaderView("n2", 5, "follower"));
        assertEquals(Optional.of("n2"), LeaderView.leaderOf(views));
        assertEquals(Optional.of("n1"), LeaderView.leaderOf(Map.of(
                "n1", new LeaderView("n1", 4, "leader"),
                "n2", new LeaderView(null, 5, "candidate"))), "the only claimant leads as far as anyone knows");
    }

    @Test
    void noLeaderWhenNoViewNamesOne() {
        assertEquals(Optional.empty(), LeaderView.leaderOf(Map.of("n1", new LeaderView(null, 3, "candidate"))));
        assertEquals(Optional.empty(), LeaderView.leaderOf(Map.of()));
    }
}
