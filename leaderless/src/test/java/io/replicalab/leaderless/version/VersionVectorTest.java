package io.replicalab.leaderless.version;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class VersionVectorTest {

    @Provide
    Arbitrary<VersionVector> vectors() {
        Arbitrary<String> replicas = Arbitraries.of("a", "b", "c", "d", "é", "replica-42");
        Arbitrary<VersionVector.Entry> entries = Arbitraries.longs().between(1, 5)
                .flatMap(c -> Arbitraries.longs().between(0, 1_000_000_000_000L).map(t -> new VersionVector.Entry(c, t)));
        return Arbitraries.maps(replicas, entries).ofMaxSize(6).map(VersionVector::of);
    }

    private static Ordering flip(Ordering o) {
        return switch (o) {
            case BEFORE -> Ordering.AFTER;
            case AFTER -> Ordering.BEFORE;
            default -> o;
        };
    }

    @Property
    void compareIsAntisymmetric(@ForAll("vectors") VersionVector a, @ForAll("vectors") VersionVector b) {
        assertEquals(flip(a.compare(b)), b.compare(a));
    }

    @Property
    void mergeIsALeastUpperBound(@ForAll("vectors") VersionVector a, @ForAll("vectors") VersionVector b,
            @ForAll("vectors") VersionVector c) {
        VersionVector ab = a.merge(b);
        assertTrue(ab.descends(a) && ab.descends(b));
        assertEquals(ab, b.merge(a));
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
        assertEquals(a, a.merge(a));
        if (c.descends(a) && c.descends(b)) {
            assertTrue(c.descends(ab));
        }
    }

    @Property
    void incrementComesAfter(@ForAll("vectors") VersionVector a) {
        VersionVector next = a.increment("b", 7);
        assertEquals(Ordering.AFTER, next.compare(a));
        assertEquals(a.get("b") + 1, next.get("b"));
        assertTrue(next.covers(new Dot("b", next.get("b"))));
        assertFalse(a.covers(new Dot("b", next.get("b"))));
    }

    @Test
    void concurrentIncrementsAreConcurrent() {
        VersionVector base = VersionVector.EMPTY.increment("a", 1);
        VersionVector x = base.increment("a", 2);
        VersionVector y = base.increment("b", 2);
        assertEquals(Ordering.CONCURRENT, x.compare(y));
        assertEquals(Ordering.EQUAL, base.compare(VersionVector.of(Map.of("a", new VersionVector.Entry(1, 99)))));
        assertFalse(x.descends(y));
        assertTrue(x.merge(y).descends(x));
    }

    @Property
    void encodeDecodeRoundTripsCanonically(@ForAll("vectors") VersionVector a) {
        byte[] bytes = a.encode();
        VersionVector decoded = VersionVector.decode(bytes);
        assertEquals(a, decoded);
        assertArrayEquals(bytes, decoded.encode());
    }

    @Property
    void decodeRejectsEveryTruncation(@ForAll("vectors") VersionVector a) {
        byte[] bytes = a.encode();
        for (int length = 1; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            String what = "prefix of length " + length;
            assertThrows(IllegalArgumentException.class, () -> VersionVector.decode(cut), what);
        }
    }

    @Property
    void decodeOfGarbageFailsOnlyWithIllegalArgument(@ForAll byte[] garbage) {
        try {
            VersionVector v = VersionVector.decode(garbage);
            assertArrayEquals(garbage, v.encode(), "whatever decodes must be canonical");
        } catch (IllegalArgumentException expected) {
            // the only allowed failure
        }
    }

    @Test
    void decodeRejectsUnsortedDuplicateAndTrailingInput() {
        byte[] ab = VersionVector.EMPTY.increment("a", 1).increment("b", 1).encode();
        byte[] swapped = ab.clone();
        swapped[3] = 'b'; // ids: "b" then "b"
        assertThrows(IllegalArgumentException.class, () -> VersionVector.decode(swapped));
        byte[] trailing = Arrays.copyOf(ab, ab.length + 1);
        assertThrows(IllegalArgumentException.class, () -> VersionVector.decode(trailing));
        assertThrows(IllegalArgumentException.class, () -> VersionVector.decode(new byte[] {9, 1}));
        assertArrayEquals(new byte[0], VersionVector.EMPTY.encode());
        assertEquals(VersionVector.EMPTY, VersionVector.decode(new byte[0]));
    }

    @Test
    void smallVectorsAreCompact() {
        VersionVector v = VersionVector.EMPTY.increment("n1", 0).increment("n2", 0).increment("n3", 0);
        assertEquals(2 + 3 * 5, v.encode().length);
    }

    @Test
    void pruneDropsTheOldestEntries() {
        VersionVector v = VersionVector.EMPTY.increment("old", 100).increment("mid", 200).increment("new", 300);
        VersionVector pruned = v.prune(2);
        assertEquals(List.of("mid", "new"), List.copyOf(pruned.entries().keySet()));
        assertEquals(v, v.prune(3));
        assertThrows(IllegalArgumentException.class, () -> v.prune(0));
    }

    @Test
    void pruningADescendantMakesItsAncestorLookConcurrent() {
        // Dynamo's trade-off: the pruned entry was the only evidence that `child` had seen `parent`.
        VersionVector parent = VersionVector.EMPTY.increment("x", 100).increment("y", 200);
        VersionVector child = parent.increment("z", 300);
        assertEquals(Ordering.AFTER, child.compare(parent));
        assertEquals(Ordering.CONCURRENT, child.prune(2).compare(parent));
    }
}
