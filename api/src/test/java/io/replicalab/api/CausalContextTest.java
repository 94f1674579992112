package io.replicalab.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CausalContextTest {
    @Test
    void theServingNodeIsAnObservationNotPartOfTheVersion() {
        CausalContext plain = CausalContext.of(new byte[] {1, 2, 3});
        CausalContext served = plain.withServedBy("n2");
        assertEquals(Optional.of("n2"), served.servedBy());
        assertEquals(Optional.empty(), plain.servedBy(), "absent unless the backend says");
        assertEquals(plain, served);
        assertEquals(plain.hashCode(), served.hashCode());
        assertEquals(plain.toString(), served.toString());
        assertArrayEquals(plain.toBytes(), served.toBytes());
        assertEquals(Optional.empty(), CausalContext.parse(served.toString()).servedBy(), "not carried by the text form");
        assertTrue(CausalContext.EMPTY.withServedBy("n1").isEmpty());
    }

    @Test
    void aReadSaysWhoServedItThroughItsContext() {
        Versioned<String> read = Versioned.of("v", CausalContext.EMPTY).withServedBy("n3");
        assertEquals(Optional.of("n3"), read.servedBy());
        assertEquals("v", read.value());
        assertEquals(Optional.empty(), Versioned.absent(CausalContext.EMPTY).servedBy());
    }
}
