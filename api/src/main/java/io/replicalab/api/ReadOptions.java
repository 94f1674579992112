package io.replicalab.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-request read options.
 *
 * @param consistency the level asked for
 * @param replicas R when {@code consistency} is {@link Consistency#EXPLICIT}, else 0
 * @param timeout how long the client waits before reporting an unknown outcome; {@code null} = client default
 * @param replica for {@link Consistency#STALE}: the node whose local state to read; {@code null} = any
 */
public record ReadOptions(Consistency consistency, int replicas, Duration timeout, String replica) {
    public ReadOptions {
        Objects.requireNonNull(consistency, "consistency");
        if (consistency == Consistency.EXPLICIT && replicas < 1) {
            throw new InvalidRequestException("R=" + replicas + " is below 1: ask for at least one replica");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InvalidRequestException("read timeout must be positive, was " + timeout);
        }
    }

    public static ReadOptions defaults() {
        return new ReadOptions(Consistency.DEFAULT, 0, null, null);
    }

    public static ReadOptions of(Consistency consistency) {
        return new ReadOptions(consistency, 0, null, null);
    }

    /** Read from exactly {@code r} replicas. */
    public static ReadOptions r(int r) {
        return new ReadOptions(Consistency.EXPLICIT, r, null, null);
    }

    public static ReadOptions linearizable() {
        return of(Consistency.LINEARIZABLE);
    }

    /** Read the local state of {@code nodeId} (or of any replica when null), possibly stale. */
    public static ReadOptions stale(String nodeId) {
        return new ReadOptions(Consistency.STALE, 0, null, nodeId);
    }

    public ReadOptions withTimeout(Duration newTimeout) {
        return new ReadOptions(consistency, replicas, newTimeout, replica);
    }

    public Optional<Duration> timeoutIfSet() {
        return Optional.ofNullable(timeout);
    }

    /** R out of {@code n}, validated against N. */
    public int requiredReplicas(int defaultR, int n) {
        return QuorumMath.required("R", consistency, replicas, defaultR, n);
    }
}
