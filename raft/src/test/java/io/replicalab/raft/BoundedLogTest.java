package io.replicalab.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLogTest {
    @Test
    void keepsTheNewestElementsAndCountsTheDroppedOnes() {
        BoundedLog<Integer> log = new BoundedLog<>(3);
        for (int i = 1; i <= 5; i++) {
            log.add(i);
        }
        assertEquals(List.of(3, 4, 5), log.snapshot());
        assertEquals(2, log.dropped());
        assertEquals(List.of(4, 5), log.filter(i -> i >= 4));
    }

    @Test
    void aCapacityBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedLog<Integer>(0));
    }
}
