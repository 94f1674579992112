package io.replicalab.leaderless.version;

import io.replicalab.api.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where one coordinator's LWW write timestamps come from, as in Cassandra: microseconds of the node's
 * wall clock, strictly increasing per coordinator ({@code max(now, last + 1)}, Cassandra's
 * {@code ClientState.getTimestamp}). On one machine (one clock, no skew) a write that begins after
 * another write was acknowledged is therefore stamped later and wins; with millisecond stamps both
 * could share a millisecond and the earlier one win the tie by writer id.
 *
 * <p>Skew is kept, not corrected: a node whose clock runs ahead stamps the future and beats later
 * writes of other nodes. When its clock steps back, its stamps stay ahead (they only ever grow) until
 * the clock catches up, as Cassandra's do.
 */
public final class WriteTimestamps {
    private final Clock clock;
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

    public WriteTimestamps(Clock clock) {
        this.clock = clock;
    }

    /** The next timestamp, in microseconds since the epoch: above every one this source gave before. */
    public long next() {
        return last.updateAndGet(previous -> Math.max(clock.currentTimeMicros(), previous + 1));
    }
}
