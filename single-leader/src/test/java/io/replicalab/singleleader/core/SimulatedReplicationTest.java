package io.replicalab.singleleader.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both cores stepped together over a seeded simulated network that drops and reorders messages: every
 * replica ends with exactly the primary's log, in order, and semi-sync never acknowledges an entry no
 * replica holds. Deterministic per seed; no sockets, no clocks.
 */
class SimulatedReplicationTest {
    private static final long MS = 1_000_000L;

    /** A call in flight: the append (as shipped) and, once the replica answered, its answer. */
    private record Call(PrimaryCore.Ship ship, List<LogEntry> entries, long prevEpoch, ReplicaCore.Decision answer) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void replicasConvergeOnThePrimarysLogDespiteDropsAndReordering(long seed) {
        Random rnd = new Random(seed);
        List<String> ids = List.of("r1", "r2");
        LogState primaryLog = LogState.empty();
        PrimaryCore primary = new PrimaryCore(1, ids, primaryLog,
                new PrimaryCore.Config(ReplicationMode.SEMI_SYNC, 1, 4, 3, 500 * MS, 20 * MS, 10 * MS), 0);
        List<LogEntry> written = new ArrayList<>();
        Map<String, ReplicaCore> replicas = new HashMap<>();
        Map<String, List<LogEntry>> applied = new HashMap<>();
        for (String id : ids) {
            replicas.put(id, new ReplicaCore(true, LogState.empty()));
            applied.put(id, new ArrayList<>());
        }
        List<Call> network = new ArrayList<>();
        long now = 0;
        for (int step = 0; step < 20_000; step++) {
            now += MS;
            PrimaryCore.Step out;
            List<PrimaryCore.Ship> earlier = List.of();
            int choice = rnd.nextInt(10);
            if (step < 10_000 && choice < 2) {
                LogEntry e = primary.append("k" + rnd.nextInt(20), new byte[] {(byte) step});
                written.add(e);
                earlier = primary.afterAppend(now).ships();
                out = primary.onLocalDurable(e.index(), now);
            } else if (!network.isEmpty() && choice < 8) {
                Call call = network.remove(rnd.nextInt(network.size())); // any order: reordering
                String to = call.ship().replica();
                boolean drop = step < 10_000 && rnd.nextInt(10) == 0;
                if (drop) {
                    out = primary.onFailure(to, now);
                } else if (call.answer() == null) {
                    ReplicaCore.Decision d = replicas.get(to).onAppend(1, call.prevEpoch(), call.ship().prevIndex(),
                            call.entries());
                    if (d instanceof ReplicaCore.Accept a) {
                        applied.get(to).addAll(a.fresh());
                    }
                    network.add(new Call(call.ship(), call.entries(), call.prevEpoch(), d));
                    continue;
                } else if (call.answer() instanceof ReplicaCore.Accept a) {
                    out = primary.onAck(to, a.ackIndex(), now);
                } else if (call.answer() instanceof ReplicaCore.Gap g) {
                    out = primary.onGap(to, g.lastIndex(), now);
                } else {
                    throw new AssertionError("unexpected answer " + call.answer());
                }
            } else {
                out = primary.tick(now);
            }
            List<PrimaryCore.Ship> ships = new ArrayList<>(earlier);
            ships.addAll(out.ships());
            for (PrimaryCore.Ship ship : ships) {
                List<LogEntry> entries = written.subList((int) ship.fromIndex() - 1, (int) ship.toIndex());
                network.add(new Call(ship, List.copyOf(entries), primaryLog.epochAt(ship.prevIndex()), null));
            }
            long acked = out.ackIndex();
            assertTrue(acked == 0 || ids.stream().anyMatch(id -> applied.get(id).size() >= acked),
                    "semi-sync acknowledged index " + acked + " that no replica holds");
        }
        for (String id : ids) {
            assertEquals(written.size(), applied.get(id).size(), id + " holds as many entries as the primary");
            assertTrue(written.equals(applied.get(id)), id + " applied the primary's log, in order, once each");
        }
        assertEquals(written.size(), primary.ackIndex());
    }
}
