package io.replicalab.api;

import java.time.Instant;

/** Wall-clock source of a node. Timestamps that decide conflicts (LWW) must come from here, so skew can be injected. */
@FunctionalInterface
public interface Clock {
    long currentTimeMillis();

    /**
     * The same wall clock in microseconds (LWW write timestamps, as Cassandra's): a millisecond is long
     * enough for several acknowledged writes, so millisecond stamps would tie between writes that did not
     * overlap. Clocks that only know milliseconds answer with millisecond precision.
     */
    default long currentTimeMicros() {
        return Math.multiplyExact(currentTimeMillis(), 1000L);
    }

    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** The JVM's wall clock; {@link Instant#now()} has microsecond (or finer) precision on Linux. */
    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentTimeMicros() {
            Instant now = Instant.now();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000);
        }
    }
}
