package io.replicalab.experiments.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentPrimariesCheckerTest {
    @TempDir
    Path dir;

    private final ConcurrentPrimariesChecker checker = new ConcurrentPrimariesChecker();

    @Test
    void aSupersededPrimaryAcknowledgingWritesWhileItsSuccessorLeadsIsTwoWritablePrimaries() {
        Recorder r = Recorder.run(dir, "single-leader", "register");
        r.promotion("n1", "promoted", 1);
        r.writeServedBy(0, "k", 1, "n1");
        r.promotion("n2", "promoted", 2);
        r.writeServedBy(1, "k", 2, "n2");
        r.writeServedBy(0, "k", 3, "n1"); // n1 still takes writes: it has not learned of epoch 2
        r.writeServedBy(0, "k", 4, "n1");
        r.promotion("n1", "deposed", 1);
        r.writeServedBy(0, "k", 5, "n2");
        RunData run = r.load();

        assertTrue(checker.skipReason(run).isEmpty());
        CheckResult result = checker.check(run);
        assertEquals(Verdict.INVALID, result.verdict(), result.summary());
        assertEquals(2, result.numbers().get("maxWritablePrimaries"));
        assertEquals(2, result.numbers().get("staleAcknowledgements"));
        assertEquals(1, result.numbers().get("concurrentWindows"));
        assertEquals(1L, result.numbers().get("successorAcknowledgementsDuringOverlap"));
        assertEquals(2, result.numbers().get("maxClaimingPrimaries"));
        assertTrue(result.examples().get(0).startsWith("n1 (term/epoch 1) acknowledged 2 write(s) while n2 (term/epoch 2)"),
                result.examples().toString());
    }

    @Test
    void aStaleLeaderThatStillClaimsButAcknowledgesNothingIsOneWritablePrimary() {
        Recorder r = Recorder.run(dir, "raft", "register");
        r.leader("n1", "n1", 1, "leader");
        r.writeServedBy(0, "k", 1, "n1");
        r.leader("n2", "n2", 2, "leader"); // n1 is cut off and still believes it leads
        r.writeServedBy(0, "k", 2, "n2");
        r.leader("n1", "n2", 2, "follower");
        r.writeServedBy(0, "k", 3, "n2");
        RunData run = r.load();

        CheckResult result = checker.check(run);
        assertEquals(Verdict.VALID, result.verdict(), result.summary());
        assertEquals(1, result.numbers().get("maxWritablePrimaries"));
        assertEquals(0, result.numbers().get("staleAcknowledgements"));
        assertEquals(2, result.numbers().get("maxClaimingPrimaries"), "both claimed to lead for a while");
    }

    @Test
    void aKilledPrimaryNoLongerCountsAsLeadingAndAHandOverIsNotSplitBrain() {
        Recorder r = Recorder.run(dir, "raft", "register");
        r.leader("n1", "n1", 1, "leader");
        r.writeServedBy(0, "k", 1, "n1");
        r.faultStart("kill", "n1");
        r.leader("n2", "n2", 2, "leader");
        r.writeServedBy(0, "k", 2, "n2");
        CheckResult result = checker.check(r.load());
        assertEquals(Verdict.VALID, result.verdict(), result.summary());
        assertEquals(1, result.numbers().get("maxClaimingPrimaries"));
    }

    @Test
    void aPausedPrimaryStillClaimsToLeadWhenItResumesAndItsAcknowledgementsThenAreStale() {
        Recorder r = Recorder.run(dir, "single-leader", "register");
        r.promotion("n1", "promoted", 1);
        r.writeServedBy(0, "k", 1, "n1");
        int pause = r.faultStart("pause", "n1"); // SIGSTOP past the TTL: n2 takes over
        r.promotion("n2", "promoted", 2);
        r.writeServedBy(1, "k", 2, "n2");
        r.faultStop(pause);
        r.writeServedBy(0, "k", 3, "n1"); // resumed: n1 has not checked its lock yet
        r.promotion("n1", "deposed", 1);
        CheckResult result = checker.check(r.load());

        assertEquals(Verdict.INVALID, result.verdict(), result.summary());
        assertEquals(1, result.numbers().get("staleAcknowledgements"));
        assertEquals(2, result.numbers().get("maxClaimingPrimaries"), "n1 believed it led through the pause until deposed");
    }

    @Test
    void skippedWithoutLeadersOrWithoutTheServingNode() {
        Recorder leaderless = Recorder.run(dir.resolve("a"), "leaderless", "register");
        leaderless.writeServedBy(0, "k", 1, "n1");
        assertTrue(checker.skipReason(leaderless.load()).orElseThrow().contains("no leader"));

        Recorder old = Recorder.run(dir.resolve("b"), "raft", "register");
        old.leader("n1", "n1", 1, "leader");
        old.write(0, "k", 1);
        // Recorder.write puts the contacted node on the invoke; a history with none at all is skipped
        Recorder none = Recorder.run(dir.resolve("c"), "raft", "register");
        none.leader("n1", "n1", 1, "leader");
        none.ok(none.invokeOn(0, "write", "k", 1, null));
        assertTrue(checker.skipReason(none.load()).orElseThrow().contains("node"));
        old.close();
    }
}
