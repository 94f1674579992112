package io.replicalab.leaderless.coordinator;

import java.time.Duration;

/**
 * Sloppy quorum settings: whether writes for a down replica go to a stand-in with a hint, and for how
 * long after the replica went down (Cassandra's max_hint_window; after it, only repair brings the
 * replica back).
 */
public record HintPolicy(boolean enabled, Duration window) {
    public static final HintPolicy OFF = new HintPolicy(false, Duration.ZERO);
}
