package io.replicalab.experiments.checker;

import static io.replicalab.experiments.checker.Recorder.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.history.HistoryEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearizabilityCheckerTest {
    @TempDir
    Path dir;

    private CheckResult check(Recorder r) {
        return new LinearizabilityChecker().check(r.load());
    }

    @Test
    void sequentialWritesAndReadsAreLinearizable() {
        Recorder r = new Recorder(dir);
        r.read(0, "x", null);
        r.write(0, "x", 1);
        r.read(1, "x", 1);
        r.write(1, "x", 2);
        r.read(0, "x", 2);
        CheckResult res = check(r);
        assertEquals(Verdict.VALID, res.verdict(), res.toString());
        assertEquals(1, res.numbers().get("keys"));
    }

    @Test
    void staleReadAfterAcknowledgedWriteIsNotLinearizableWithAMinimalCounterexample() {
        Recorder r = new Recorder(dir);
        for (int i = 0; i < 20; i++) {
            r.write(0, "x", i);
            r.read(1, "x", i);
        }
        r.write(0, "x", 100);
        r.read(1, "x", 19);
        r.write(0, "x", 101);
        r.read(1, "x", 101);
        CheckResult res = check(r);
        assertEquals(Verdict.INVALID, res.verdict());
        String cx = res.examples().get(0);
        assertTrue(cx.startsWith("key x: 2 operations that cannot be linearized whatever the key held before them"), cx);
        assertTrue(cx.contains("write 100") && cx.contains("read -> 19"), cx);
        assertEquals(3, cx.lines().count(), cx);
    }

    @Test
    void readOfANeverWrittenValueIsNotLinearizable() {
        Recorder r = new Recorder(dir);
        r.write(0, "x", 1);
        r.read(1, "x", 7);
        assertEquals(Verdict.INVALID, check(r).verdict());
    }

    @Test
    void concurrentWritesMayTakeEffectInEitherOrder() {
        for (int last : new int[] {1, 2}) {
            Path run = dir.resolve("last" + last);
            Recorder r = new Recorder(run);
            HistoryEvent w1 = r.invoke(0, "write", "x", 1);
            HistoryEvent w2 = r.invoke(1, "write", "x", 2);
            r.ok(w2);
            r.ok(w1);
            r.read(2, "x", last);
            r.read(2, "x", last);
            assertEquals(Verdict.VALID, check(r).verdict(), "final value " + last);
        }
    }

    @Test
    void concurrentWritesCannotBeSeenInBothOrders() {
        Recorder r = new Recorder(dir);
        HistoryEvent w1 = r.invoke(0, "write", "x", 1);
        HistoryEvent w2 = r.invoke(1, "write", "x", 2);
        r.ok(w2);
        r.ok(w1);
        r.read(2, "x", 2);
        r.read(2, "x", 1);
        assertEquals(Verdict.INVALID, check(r).verdict());
    }

    @Test
    void readConcurrentWithAWriteMaySeeEitherValue() {
        for (Object seen : new Object[] {null, 1}) {
            Recorder r = new Recorder(dir.resolve(String.valueOf(seen)));
            HistoryEvent w = r.invoke(0, "write", "x", 1);
            r.read(1, "x", seen);
            r.ok(w);
            assertEquals(Verdict.VALID, check(r).verdict(), "read " + seen);
        }
    }

    @Test
    void infoWriteMayAppearLaterButNotVanishAgain() {
        Recorder r = new Recorder(dir);
        r.write(0, "x", 1);
        r.info(r.invoke(0, "write", "x", 5));
        r.read(1, "x", 1);
        r.read(1, "x", 5);
        assertEquals(Verdict.VALID, check(r).verdict(), "a timed-out write may take effect long after the timeout");

        Recorder vanishes = new Recorder(dir.resolve("vanishes"));
        vanishes.write(0, "x", 1);
        vanishes.info(vanishes.invoke(0, "write", "x", 5));
        vanishes.read(1, "x", 5);
        vanishes.read(1, "x", 1);
        assertEquals(Verdict.INVALID, check(vanishes).verdict(), "once seen, the info write took effect");
    }

    @Test
    void unfinishedWriteCountsAsPossiblyApplied() {
        Recorder r = new Recorder(dir);
        r.invoke(0, "write", "x", 3);
        r.read(1, "x", 3);
        assertEquals(Verdict.VALID, check(r).verdict());
    }

    @Test
    void failedWriteDidNotApply() {
        Recorder r = new Recorder(dir);
        r.fail(r.invoke(0, "write", "x", 3));
        r.read(1, "x", 3);
        assertEquals(Verdict.INVALID, check(r).verdict());
    }

    @Test
    void casAppliesOnlyOnTheExpectedValue() {
        Recorder r = new Recorder(dir);
        r.write(0, "x", 1);
        r.ok(r.invoke(0, "cas", "x", list(1, 2)));
        r.fail(r.invoke(1, "cas", "x", list(1, 3)));
        r.read(1, "x", 2);
        assertEquals(Verdict.VALID, check(r).verdict());

        Recorder wrong = new Recorder(dir.resolve("wrong"));
        wrong.write(0, "x", 1);
        wrong.ok(wrong.invoke(0, "cas", "x", list(4, 2)));
        assertEquals(Verdict.INVALID, check(wrong).verdict(), "an acknowledged cas needs its expected value");

        Recorder failed = new Recorder(dir.resolve("failed"));
        failed.write(0, "x", 1);
        failed.fail(failed.invoke(0, "cas", "x", list(1, 2)));
        failed.read(1, "x", 2);
        assertEquals(Verdict.INVALID, check(failed).verdict(), "a failed cas did not apply");
    }

    @Test
    void kvPutsGetsAndDeletesAreARegister() {
        Recorder r = new Recorder(dir);
        r.done(0, "put", "cart", "milk", "milk");
        r.done(1, "get", "cart", null, "milk");
        r.done(0, "delete", "cart", null, null);
        r.done(1, "get", "cart", null, "milk");
        CheckResult res = check(r);
        assertEquals(Verdict.INVALID, res.verdict());
        assertTrue(res.examples().get(0).contains("write null"), res.examples().get(0));
    }

    @Test
    void keysAreCheckedIndependently() {
        Recorder r = new Recorder(dir);
        r.write(0, "a", 1);
        r.write(0, "b", 2);
        r.read(1, "a", 1);
        r.read(1, "b", 1);
        CheckResult res = check(r);
        assertEquals(Verdict.INVALID, res.verdict());
        assertEquals(1L, res.numbers().get("keysNotLinearizable"));
        assertTrue(res.examples().get(0).startsWith("key b:"));
    }

    @Test
    void exhaustedSearchBudgetIsUnknownNotAGuess() {
        Recorder r = new Recorder(dir);
        HistoryEvent[] writes = new HistoryEvent[6];
        for (int i = 0; i < writes.length; i++) {
            writes[i] = r.invoke(i, "write", "x", i);
        }
        for (HistoryEvent w : writes) {
            r.ok(w);
        }
        r.read(9, "x", 3);
        CheckResult res = new LinearizabilityChecker(3).check(r.load());
        assertEquals(Verdict.UNKNOWN, res.verdict());
        assertTrue(res.summary().contains("search budget exceeded"), res.summary());
        assertEquals(Verdict.VALID, new LinearizabilityChecker().check(RunLoader.load(dir)).verdict());
    }

    @Test
    void timedOutWritesOfValuesNobodyReadDoNotBlowUpTheSearch() {
        Recorder r = new Recorder(dir);
        for (int i = 0; i < 40; i++) {
            r.info(r.invoke(i, "write", "x", 1000 + i));
        }
        r.write(100, "x", 1);
        r.write(100, "x", 2);
        r.read(101, "x", 1);
        CheckResult res = new LinearizabilityChecker(100_000).check(r.load());
        assertEquals(Verdict.INVALID, res.verdict(), "2^40 placements of the timed-out writes would exhaust any budget");
        assertTrue(res.examples().get(0).contains("write 2") && res.examples().get(0).contains("read -> 1"),
                res.examples().get(0));
    }
}
