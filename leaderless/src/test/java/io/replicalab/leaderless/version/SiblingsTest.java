package io.replicalab.leaderless.version;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SiblingsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static Set<String> shown(Siblings s) {
        Set<String> out = new HashSet<>();
        s.liveValues().forEach(v -> out.add(new String(v.value(), UTF_8)));
        return out;
    }

    /** Seed 001, shopping cart: concurrent adds become siblings; a put with the read's context merges them. */
    @Test
    void shoppingCartConcurrentAddsThroughDifferentCoordinatorsAreKeptThenMerged() {
        Siblings a = Siblings.EMPTY;
        Siblings b = Siblings.EMPTY;
        // Both clients read the empty cart (context EMPTY) and add one item through different coordinators.
        VersionedValue milk = a.newWrite(bytes("[milk]"), VersionVector.EMPTY, "A", 1_000);
        a = a.add(milk);
        VersionedValue bread = b.newWrite(bytes("[bread]"), VersionVector.EMPTY, "B", 1_001);
        b = b.add(bread);

        Siblings read = a.merge(b); // a quorum read (or anti-entropy) meets both
        assertEquals(Set.of("[milk]", "[bread]"), shown(read));
        VersionVector context = read.joinedClock();
        assertEquals(1, context.get("A"));
        assertEquals(1, context.get("B"));

        // The client merges the carts and writes back with the read's context through a third coordinator.
        Siblings c = Siblings.EMPTY;
        VersionedValue merged = c.newWrite(bytes("[bread, milk]"), context, "C", 2_000);
        c = c.add(merged);
        Siblings converged = a.merge(b).merge(c);
        assertEquals(Set.of("[bread, milk]"), shown(converged));
        assertEquals(1, converged.size());
        assertEquals(converged, c.merge(a).merge(b), "any order of repair gives the same state");
    }

    @Test
    void concurrentBlindWritesThroughTheSameCoordinatorAreBothKept() {
        Siblings x = Siblings.EMPTY;
        VersionedValue milk = x.newWrite(bytes("[milk]"), VersionVector.EMPTY, "X", 10);
        x = x.add(milk);
        VersionedValue bread = x.newWrite(bytes("[bread]"), VersionVector.EMPTY, "X", 11);
        x = x.add(bread);
        assertEquals(Set.of("[milk]", "[bread]"), shown(x));
        // Plain vectors would have ordered them ({X:1} before {X:2}) and dropped the milk.
        assertEquals(Ordering.BEFORE, milk.clock().compare(bread.clock()));
        assertEquals(new Dot("X", 2), bread.dot(), "the coordinator never reuses a counter for the key");
    }

    @Test
    void writeWithAStaleContextSupersedesOnlyWhatItsClientSaw() {
        Siblings r = Siblings.EMPTY;
        VersionedValue v1 = r.newWrite(bytes("v1"), VersionVector.EMPTY, "A", 1);
        r = r.add(v1);
        VersionVector staleContext = r.joinedClock();
        VersionedValue v2 = r.newWrite(bytes("v2"), staleContext, "A", 2);
        r = r.add(v2);
        assertEquals(Set.of("v2"), shown(r));
        VersionedValue v3 = r.newWrite(bytes("v3"), staleContext, "B", 3); // also saw only v1
        r = r.add(v3);
        assertEquals(Set.of("v2", "v3"), shown(r));
        assertSame(r, r.add(v1), "an obsolete write arriving late changes nothing");
    }

    @Test
    void deleteIsATombstoneThatStillCarriesCausality() {
        Siblings r = Siblings.EMPTY;
        r = r.add(r.newWrite(bytes("v"), VersionVector.EMPTY, "A", 1));
        VersionedValue delete = r.newWrite(null, r.joinedClock(), "B", 2);
        Siblings deleted = r.add(delete);
        assertTrue(deleted.liveValues().isEmpty());
        assertEquals(1, deleted.size());
        // A replica that missed the delete cannot resurrect the value through repair.
        assertEquals(deleted, r.merge(deleted));
        assertEquals(deleted, deleted.merge(r));
    }

    @Test
    void prunedContextCausesAFalseSiblingNeverALostUpdate() {
        Siblings r = Siblings.EMPTY;
        VersionedValue old = r.newWrite(bytes("old"), VersionVector.EMPTY, "A", 100);
        r = r.add(old);
        VersionVector context = r.joinedClock().merge(VersionVector.EMPTY.increment("B", 200).increment("C", 300));
        VersionedValue next = r.newWrite(bytes("next"), context, "D", 400).withContextPrunedTo(2); // drops A
        assertEquals(Set.of("old", "next"), shown(r.add(next)), "false sibling: ancestry hidden by pruning");
    }

    // ---- properties over states produced by a simulated run --------------------------------------

    /** One step of a random run over 3 replicas: a client write, a delete, or a state transfer. */
    record Step(int kind, int replica, int other, int value) { }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 99)).as(Step::new);
        return step.list().ofMaxSize(30);
    }

    /** Replays a run; returns the final replica states and, as the last element, every write ever made. */
    private static Run replay(List<Step> steps) {
        Siblings[] replicas = {Siblings.EMPTY, Siblings.EMPTY, Siblings.EMPTY};
        List<VersionedValue> writes = new ArrayList<>();
        // Ground truth kept apart from clocks: the writes each write's client had (transitively) seen.
        Map<Dot, Set<Dot>> seen = new HashMap<>();
        long now = 0;
        for (Step s : steps) {
            now++;
            String coordinator = "r" + s.replica();
            switch (s.kind()) {
                case 0, 1 -> { // client reads replica `other` (maybe stale), writes through `replica`
                    VersionVector context = replicas[s.other()].joinedClock();
                    VersionedValue w = replicas[s.replica()].newWrite(bytes("v" + s.value()), context, coordinator, now);
                    seen.put(w.dot(), history(replicas[s.other()], seen));
                    writes.add(w);
                    replicas[s.replica()] = replicas[s.replica()].add(w);
                }
                case 2 -> { // blind write (no context), the sibling-explosion generator
                    VersionedValue w = replicas[s.replica()].newWrite(bytes("b" + s.value()), VersionVector.EMPTY, coordinator, now);
                    seen.put(w.dot(), Set.of());
                    writes.add(w);
                    replicas[s.replica()] = replicas[s.replica()].add(w);
                }
                case 3 -> { // delete with the context of a quorum read of two replicas
                    Siblings read = replicas[s.replica()].merge(replicas[s.other()]);
                    VersionedValue w = replicas[s.replica()].newWrite(null, read.joinedClock(), coordinator, now);
                    seen.put(w.dot(), history(read, seen));
                    writes.add(w);
                    replicas[s.replica()] = replicas[s.replica()].add(w);
                }
                default -> // replication / read repair / anti-entropy: ship the whole state
                    replicas[s.other()] = replicas[s.other()].merge(replicas[s.replica()]);
            }
        }
        return new Run(replicas, writes, seen);
    }

    /** Every write a client reading {@code state} has seen: the values shown and what they had seen. */
    private static Set<Dot> history(Siblings state, Map<Dot, Set<Dot>> seen) {
        Set<Dot> out = new HashSet<>();
        for (VersionedValue v : state.values()) {
            out.add(v.dot());
            out.addAll(seen.get(v.dot()));
        }
        return out;
    }

    record Run(Siblings[] replicas, List<VersionedValue> writes, Map<Dot, Set<Dot>> seen) { }

    @Property(tries = 200)
    void mergeIsCommutativeAssociativeAndIdempotent(@ForAll("runs") List<Step> steps) {
        Siblings[] r = replay(steps).replicas();
        Siblings a = r[0];
        Siblings b = r[1];
        Siblings c = r[2];
        assertEquals(a.merge(b), b.merge(a));
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
        assertEquals(a, a.merge(a));
        assertEquals(a.merge(b), a.merge(b).merge(b));
    }

    @Property(tries = 200)
    void convergedStateIsExactlyTheWritesNoLaterWriterSaw(@ForAll("runs") List<Step> steps) {
        Run run = replay(steps);
        Siblings converged = run.replicas()[0].merge(run.replicas()[1]).merge(run.replicas()[2]);
        List<VersionedValue> expected = run.writes().stream()
                .filter(w -> run.writes().stream().noneMatch(later -> run.seen().get(later.dot()).contains(w.dot())))
                .toList();
        assertEquals(Set.copyOf(expected), Set.copyOf(converged.values()), "no lost update, no stale survivor");
    }
}
