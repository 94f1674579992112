package io.replicalab.singleleader.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replica's rules for an append: order, gaps, duplicates, divergence, epochs. */
class ReplicaCoreTest {
    private static List<LogEntry> entries(long epoch, long from, long to) {
        List<LogEntry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new LogEntry(epoch, i, "k" + i, new byte[] {(byte) i}));
        }
        return out;
    }

    @Test
    void appendsInOrderAndSkipsEntriesItAlreadyHolds() {
        ReplicaCore r = new ReplicaCore(true, LogState.empty());
        ReplicaCore.Accept a = assertInstanceOf(ReplicaCore.Accept.class, r.onAppend(1, 0, 0, entries(1, 1, 3)));
        assertEquals(3, a.fresh().size());
        assertEquals(3, a.ackIndex());
        ReplicaCore.Accept again = assertInstanceOf(ReplicaCore.Accept.class, r.onAppend(1, 1, 1, entries(1, 2, 5)));
        assertEquals(entries(1, 4, 5), again.fresh(), "2 and 3 were re-sent after a timeout: not applied twice");
        assertEquals(new LogPosition(1, 5), r.log().last());
    }

    @Test
    void anEntryFromANewerEpochAfterAGapIsFetchedNotApplied() {
        ReplicaCore r = new ReplicaCore(true, LogState.empty());
        r.onAppend(1, 0, 0, entries(1, 1, 2));
        ReplicaCore.Gap gap = assertInstanceOf(ReplicaCore.Gap.class, r.onAppend(3, 2, 7, entries(3, 8, 8)));
        assertEquals(2, gap.lastIndex(), "the primary replays from index 3");
        assertEquals(new LogPosition(1, 2), r.log().last(), "nothing applied out of order");
        assertEquals(3, r.log().knownEpoch(), "but the newer epoch is now known");
        ReplicaCore.Accept a = assertInstanceOf(ReplicaCore.Accept.class, r.onAppend(3, 1, 2, entries(3, 3, 4)));
        assertEquals(4, a.ackIndex());
        assertEquals(3, r.log().epochAt(3));
        assertEquals(1, r.log().epochAt(2));
    }

    @Test
    void aLogThatDisagreesWithThePrimarysIsReportedNotOverwritten() {
        ReplicaCore r = new ReplicaCore(true, LogState.empty());
        r.onAppend(1, 0, 0, entries(1, 1, 4)); // this node got 3 and 4 from the old primary
        // The new primary of epoch 2 only had up to 2 and wrote its own 3.
        assertInstanceOf(ReplicaCore.Diverged.class, r.onAppend(2, 1, 2, entries(2, 3, 3)));
        assertInstanceOf(ReplicaCore.Diverged.class, r.onAppend(2, 2, 3, List.of()));
        assertEquals(new LogPosition(1, 4), r.log().last());
    }

    @Test
    void fencingRefusesOlderEpochsAndWithoutFencingTheyAreApplied() {
        ReplicaCore fenced = new ReplicaCore(true, LogState.empty());
        fenced.onAppend(2, 0, 0, entries(2, 1, 1));
        ReplicaCore.StaleEpoch stale = assertInstanceOf(ReplicaCore.StaleEpoch.class, fenced.onAppend(1, 2, 1, entries(1, 2, 2)));
        assertEquals(2, stale.knownEpoch());

        ReplicaCore open = new ReplicaCore(false, LogState.empty());
        open.onAppend(2, 0, 0, entries(2, 1, 1));
        ReplicaCore.Accept a = assertInstanceOf(ReplicaCore.Accept.class, open.onAppend(1, 2, 1, entries(1, 2, 2)));
        assertTrue(a.fresh().size() == 1, "without fencing a deposed primary's entry lands");
    }

    @Test
    void aSnapshotReplacesADivergedLogAndAppendsResumeAfterIt() {
        ReplicaCore r = new ReplicaCore(true, LogState.empty());
        r.onAppend(1, 0, 0, entries(1, 1, 4)); // 3 and 4 never reached the new primary
        assertInstanceOf(ReplicaCore.Diverged.class, r.onAppend(2, 1, 2, entries(2, 3, 3)));
        ReplicaCore.Accept a = assertInstanceOf(ReplicaCore.Accept.class, r.onSnapshot(2, new LogPosition(2, 5),
                List.of(new EpochHistory.Start(1, 1), new EpochHistory.Start(2, 3))));
        assertEquals(5, a.ackIndex());
        assertEquals(new LogPosition(2, 5), r.log().last());
        assertEquals(6, r.log().firstIndex(), "no entry is held: the state came whole");
        assertEquals(1, r.log().epochAt(2));
        ReplicaCore.Accept next = assertInstanceOf(ReplicaCore.Accept.class, r.onAppend(2, 2, 5, entries(2, 6, 6)));
        assertEquals(entries(2, 6, 6), next.fresh(), "log shipping resumes after the snapshot");
    }

    @Test
    void withFencingASnapshotFromAnOlderEpochIsRefused() {
        ReplicaCore r = new ReplicaCore(true, LogState.empty());
        r.onAppend(3, 0, 0, entries(3, 1, 2));
        ReplicaCore.StaleEpoch stale = assertInstanceOf(ReplicaCore.StaleEpoch.class,
                r.onSnapshot(2, new LogPosition(2, 9), List.of(new EpochHistory.Start(2, 1))));
        assertEquals(3, stale.knownEpoch());
        assertEquals(new LogPosition(3, 2), r.log().last(), "untouched");
    }
}
