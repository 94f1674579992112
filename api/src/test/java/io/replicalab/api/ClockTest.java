package io.replicalab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClockTest {
    @Test
    void aMillisecondClockAnswersMicrosecondsAtMillisecondPrecision() {
        Clock millisOnly = () -> 1_700_000_000_123L;
        assertEquals(1_700_000_000_123_000L, millisOnly.currentTimeMicros());
    }

    @Test
    void theSystemClockInMicrosecondsIsTheSameClockAsInMilliseconds() {
        long before = System.currentTimeMillis();
        long micros = Clock.system().currentTimeMicros();
        long after = System.currentTimeMillis();
        assertTrue(before <= micros / 1000 && micros / 1000 <= after, before + " <= " + micros + "us <= " + after);
    }

    @Test
    void anOffsetShiftsMicrosecondsLikeMilliseconds() {
        Clock base = new Clock() {
            @Override
            public long currentTimeMillis() {
                return 10_000;
            }

            @Override
            public long currentTimeMicros() {
                return 10_000_456;
            }
        };
        AdjustableClock clock = new AdjustableClock(base);
        clock.setOffset(Duration.ofSeconds(5));
        assertEquals(15_000, clock.currentTimeMillis());
        assertEquals(15_000_456, clock.currentTimeMicros(), "the sub-millisecond part survives the offset");
        clock.setOffset(Duration.ofMillis(-20));
        assertEquals(9_980_456, clock.currentTimeMicros());
    }
}
