package io.replicalab.leaderless.version;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LwwResolverTest {

    /** Seed: with LWW, clock skew silently discards newer writes. */
    @Test
    void aWriteStampedByAClockTenSecondsBehindLosesToAnOlderWrite() {
        long realTimeOfFirst = 1_000_000_000; // microseconds
        LwwValue first = new LwwValue("v1".getBytes(UTF_8), realTimeOfFirst, "n1");
        // One second later in real time, on a node whose clock is 10 s behind.
        LwwValue later = new LwwValue("v2".getBytes(UTF_8), realTimeOfFirst + 1_000_000 - 10_000_000, "n2");
        assertEquals(first, LwwResolver.merge(first, later));
        assertEquals(first, LwwResolver.merge(later, first), "whatever the arrival order");
    }

    /** Seed 001 under LWW: two concurrent adds, one item is lost. */
    @Test
    void shoppingCartLosesAnItem() {
        LwwValue milk = new LwwValue("[milk]".getBytes(UTF_8), 5_000, "A");
        LwwValue bread = new LwwValue("[bread]".getBytes(UTF_8), 5_000, "B");
        LwwValue survivor = LwwResolver.merge(milk, bread);
        assertEquals(bread, survivor, "same microsecond: the writer id breaks the tie");
        assertNotEquals(milk, LwwResolver.merge(bread, milk));
    }

    @Test
    void tombstoneWinsAnExactTie() {
        LwwValue value = new LwwValue("v".getBytes(UTF_8), 7, "n1");
        LwwValue delete = new LwwValue(null, 7, "n1");
        assertTrue(LwwResolver.merge(value, delete).isTombstone());
        assertEquals(value, LwwResolver.merge(null, value));
    }

    @Provide
    Arbitrary<LwwValue> values() {
        return Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2).injectNull(0.2),
                Arbitraries.longs().between(0, 3),
                Arbitraries.of("n1", "n2")).as(LwwValue::new);
    }

    @Property
    void mergeIsCommutativeAssociativeIdempotent(@ForAll("values") LwwValue a, @ForAll("values") LwwValue b,
            @ForAll("values") LwwValue c) {
        assertEquals(LwwResolver.merge(a, b), LwwResolver.merge(b, a));
        assertEquals(LwwResolver.merge(LwwResolver.merge(a, b), c), LwwResolver.merge(a, LwwResolver.merge(b, c)));
        assertEquals(a, LwwResolver.merge(a, a));
    }
}
