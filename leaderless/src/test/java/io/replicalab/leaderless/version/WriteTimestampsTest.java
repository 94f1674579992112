package io.replicalab.leaderless.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.AdjustableClock;
import io.replicalab.api.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WriteTimestampsTest {
    /** A clock set by hand, in microseconds. */
    private final AtomicLong micros = new AtomicLong(1_700_000_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public long currentTimeMillis() {
            return micros.get() / 1000;
        }

        @Override
        public long currentTimeMicros() {
            return micros.get();
        }
    };

    @Test
    void stampsAreTheClocksMicrosecondsWhileItAdvances() {
        WriteTimestamps stamps = new WriteTimestamps(clock);
        assertEquals(1_700_000_000_000_000L, stamps.next());
        micros.addAndGet(7);
        assertEquals(1_700_000_000_000_007L, stamps.next(), "sub-millisecond steps are kept");
    }

    @Test
    void stampsKeepGrowingWhenTheClockStandsStillOrStepsBack() {
        WriteTimestamps stamps = new WriteTimestamps(clock);
        long first = stamps.next();
        assertEquals(first + 1, stamps.next(), "same microsecond: one more");
        micros.addAndGet(-5_000);
        assertEquals(first + 2, stamps.next(), "a clock stepped back does not reorder this coordinator's writes");
    }

    /** clock-skew-lww: a node 5 s ahead stamps the future, and stays ahead after its clock is set right. */
    @Test
    void aClockAheadStampsTheFutureAndItsStampsStayAheadAfterTheClockIsSetBack() {
        AdjustableClock skewed = new AdjustableClock(clock);
        WriteTimestamps fast = new WriteTimestamps(skewed);
        WriteTimestamps honest = new WriteTimestamps(clock);
        skewed.setOffset(Duration.ofSeconds(5));
        long ahead = fast.next();
        micros.addAndGet(1_000_000);
        assertTrue(honest.next() < ahead, "a write one second later on an honest clock is stamped before it");
        skewed.setOffset(Duration.ZERO);
        micros.addAndGet(1_000_000);
        long afterReset = fast.next();
        assertEquals(ahead + 1, afterReset, "stamps never go back");
        assertTrue(honest.next() < afterReset);
    }

    @Test
    void concurrentCallersNeverShareAStamp() {
        WriteTimestamps stamps = new WriteTimestamps(clock);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 10_000).parallel().forEach(i -> seen.add(stamps.next()));
        assertEquals(10_000, seen.size());
    }
}
