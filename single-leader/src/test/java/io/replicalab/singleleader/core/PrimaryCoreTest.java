package io.replicalab.singleleader.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The primary's bookkeeping, stepped by hand: when each mode may acknowledge, what it ships, liveness. */
class PrimaryCoreTest {
    private static final long MS = 1_000_000L;

    private static PrimaryCore primary(ReplicationMode mode, int k) {
        return new PrimaryCore(1, List.of("r1", "r2"), LogState.empty(),
                new PrimaryCore.Config(mode, k, 10, 2, 1000 * MS, 100 * MS, 50 * MS), 0);
    }

    private static long write(PrimaryCore p, long now) {
        return p.append("k", new byte[] {1}).index();
    }

    @Test
    void asyncAcknowledgesAfterTheLocalDurableWriteAlone() {
        PrimaryCore p = primary(ReplicationMode.ASYNC, 1);
        long i = write(p, 0);
        assertEquals(0, p.afterAppend(0).ackIndex(), "not durable yet");
        assertEquals(i, p.onLocalDurable(i, 1).ackIndex(), "no replica has it, still acknowledged");
    }

    @Test
    void semiSyncWaitsForKReplicasAndTheLocalWrite() {
        PrimaryCore p = primary(ReplicationMode.SEMI_SYNC, 1);
        long i = write(p, 0);
        p.afterAppend(0);
        assertEquals(0, p.onAck("r1", i, 1).ackIndex(), "replica has it, primary's own write not durable yet");
        assertEquals(i, p.onLocalDurable(i, 2).ackIndex());

        PrimaryCore p2 = primary(ReplicationMode.SEMI_SYNC, 2);
        long j = write(p2, 0);
        p2.afterAppend(0);
        p2.onLocalDurable(j, 1);
        assertEquals(0, p2.onAck("r1", j, 2).ackIndex(), "k=2: one replica is not enough");
        assertEquals(j, p2.onAck("r2", j, 3).ackIndex());
    }

    @Test
    void syncWaitsForEveryLiveReplicaAndStopsWaitingForOneThatTimedOut() {
        PrimaryCore p = primary(ReplicationMode.SYNC, 1);
        long i = write(p, 0);
        p.afterAppend(0);
        p.onLocalDurable(i, 0);
        assertEquals(0, p.onAck("r1", i, 10 * MS).ackIndex(), "r2 has not answered and is still live");
        assertEquals(0, p.tick(900 * MS).ackIndex());
        assertEquals(i, p.tick(1001 * MS).ackIndex(), "r2 owes an answer past the replica timeout: no longer live");
        assertFalse(p.replicas().get(1).live());
    }

    @Test
    void syncDoesNotBlameItsReplicasForTheTimeThePrimaryItselfStoodStill() {
        PrimaryCore p = primary(ReplicationMode.SYNC, 1);
        p.tick(0); // heartbeats in flight to both replicas
        p.tick(4000 * MS); // resumed after a 4 s SIGSTOP: the first step since
        long i = write(p, 4000 * MS);
        p.afterAppend(4001 * MS);
        assertEquals(0, p.onLocalDurable(i, 4002 * MS).ackIndex(), "the replicas get a replica timeout from the resume to answer");
        assertTrue(p.replicas().stream().allMatch(PrimaryCore.ReplicaView::live), p.replicas().toString());
        assertEquals(0, p.onAck("r1", i, 4010 * MS).ackIndex(), "r2 has not answered yet and is still live");
        for (long t = 4100; t <= 5000; t += 100) {
            assertEquals(0, p.tick(t * MS).ackIndex(), "at " + t + " ms");
        }
        assertEquals(i, p.tick(5100 * MS).ackIndex(), "r2 silent for a replica timeout while the primary ran: no longer waited for");
        assertFalse(p.replicas().get(1).live());
    }

    @Test
    void shipsPipelinedBatchesUpToTheInFlightLimitThenMore() {
        PrimaryCore p = primary(ReplicationMode.ASYNC, 1);
        for (int n = 0; n < 25; n++) {
            write(p, 0);
        }
        List<PrimaryCore.Ship> ships = p.afterAppend(0).ships();
        assertEquals(List.of(new PrimaryCore.Ship("r1", 0, 1, 10), new PrimaryCore.Ship("r1", 10, 11, 20),
                new PrimaryCore.Ship("r2", 0, 1, 10), new PrimaryCore.Ship("r2", 10, 11, 20)), ships);
        assertEquals(List.of(new PrimaryCore.Ship("r1", 20, 21, 25)), p.onAck("r1", 10, 1).ships());
    }

    @Test
    void aGapReshipsFromTheReplicasEndAndAFailureRetriesAfterAPause() {
        PrimaryCore p = new PrimaryCore(2, List.of("r1"), new LogState(5, List.of(new EpochHistory.Start(1, 1)), 1),
                new PrimaryCore.Config(ReplicationMode.ASYNC, 1, 10, 1, 1000 * MS, 100 * MS, 50 * MS), 0);
        List<PrimaryCore.Ship> first = p.tick(0).ships();
        assertEquals(List.of(new PrimaryCore.Ship("r1", 5, 6, 5)), first, "a new primary probes with a heartbeat");
        assertEquals(List.of(new PrimaryCore.Ship("r1", 2, 3, 5)), p.onGap("r1", 2, 1).ships(), "replay from index 3");
        assertTrue(p.onFailure("r1", 2).ships().isEmpty(), "no retry before the pause");
        assertEquals(List.of(new PrimaryCore.Ship("r1", 0, 1, 5)), p.tick(2 + 50 * MS).ships(),
                "nothing was acknowledged: re-ship everything");
    }

    @Test
    void aFencedPrimaryTakesNoWrites() {
        PrimaryCore p = primary(ReplicationMode.ASYNC, 1);
        p.onNewerEpoch(2);
        assertTrue(p.fenced());
        assertThrows(IllegalStateException.class, () -> p.append("k", null));
    }

    @Test
    void aDivergedReplicaGetsOneStateTransferThenLogShippingFromItsPosition() {
        PrimaryCore p = primary(ReplicationMode.SYNC, 1);
        for (int i = 0; i < 3; i++) {
            write(p, 0);
        }
        p.afterAppend(0);
        PrimaryCore.Step s = p.onDiverged("r1", 1);
        assertEquals(List.of("r1"), s.transfers());
        assertTrue(s.ships().stream().noneMatch(ship -> ship.replica().equals("r1")));
        assertTrue(p.tick(2).transfers().isEmpty(), "one transfer at a time");
        p.onLocalDurable(3, 3);
        assertEquals(3, p.onAck("r2", 3, 4).ackIndex(), "sync does not wait for a replica being transferred");

        PrimaryCore.Step after = p.onTransferred("r1", 2, 5);
        assertEquals(List.of(new PrimaryCore.Ship("r1", 2, 3, 3)), after.ships().stream()
                .filter(ship -> ship.replica().equals("r1")).toList(), "shipping resumes after the snapshot's position");
        assertFalse(p.replicas().get(0).diverged());
    }

    @Test
    void truncationKeepsTheLastEntriesAndSaysWhatToDelete() {
        LogState log = LogState.empty();
        for (long i = 1; i <= 10; i++) {
            log.append(new LogEntry(1, i, "k", new byte[] {1}));
        }
        assertEquals(1, log.retainLast(4), "records 1..6 are to be deleted");
        assertEquals(7, log.firstIndex());
        assertEquals(-1, log.retainLast(4), "nothing more to drop");
        assertEquals(1, log.epochAt(3), "epochs of dropped entries are still known (log matching needs them)");
    }

    @Test
    void aReplicaThatNeedsTruncatedEntriesGetsAStateTransferAndAFailedOneIsRetriedLater() {
        LogState log = new LogState(7, 10, List.of(new EpochHistory.Start(1, 1)), 1); // holds 7..10 only
        PrimaryCore p = new PrimaryCore(2, List.of("r1"), log, new PrimaryCore.Config(ReplicationMode.ASYNC, 1, 10, 2,
                1000 * MS, 100 * MS, 50 * MS), 0);
        assertTrue(p.tick(0).transfers().isEmpty(), "a heartbeat first: r1 may hold everything");
        PrimaryCore.Step s = p.onGap("r1", 2, 1);
        assertEquals(List.of("r1"), s.transfers(), "r1 needs 3.., the log starts at 7");
        assertTrue(s.ships().isEmpty());
        assertTrue(p.onTransferFailed("r1", 2).transfers().isEmpty(), "not again at once");
        assertEquals(List.of("r1"), p.tick(2 + 1000 * MS).transfers(), "again after a replica timeout");
    }
}
