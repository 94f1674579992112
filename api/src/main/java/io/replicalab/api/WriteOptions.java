package io.replicalab.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-request write options.
 *
 * @param consistency the level asked for
 * @param replicas W when {@code consistency} is {@link Consistency#EXPLICIT}, else 0
 * @param timeout how long the client waits before reporting an unknown outcome; {@code null} = client default
 */
public record WriteOptions(Consistency consistency, int replicas, Duration timeout) {
    public WriteOptions {
        Objects.requireNonNull(consistency, "consistency");
        if (consistency == Consistency.STALE) {
            throw new InvalidRequestException("STALE is a read level: use ONE, QUORUM, ALL, an explicit W or LINEARIZABLE");
        }
        if (consistency == Consistency.EXPLICIT && replicas < 1) {
            throw new InvalidRequestException("W=" + replicas + " is below 1: ask for at least one replica");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InvalidRequestException("write timeout must be positive, was " + timeout);
        }
    }

    public static WriteOptions defaults() {
        return new WriteOptions(Consistency.DEFAULT, 0, null);
    }

    public static WriteOptions of(Consistency consistency) {
        return new WriteOptions(consistency, 0, null);
    }

    /** Wait for exactly {@code w} replica acknowledgements. */
    public static WriteOptions w(int w) {
        return new WriteOptions(Consistency.EXPLICIT, w, null);
    }

    public WriteOptions withTimeout(Duration newTimeout) {
        return new WriteOptions(consistency, replicas, newTimeout);
    }

    public Optional<Duration> timeoutIfSet() {
        return Optional.ofNullable(timeout);
    }

    /** W out of {@code n}, validated against N. */
    public int requiredReplicas(int defaultW, int n) {
        return QuorumMath.required("W", consistency, replicas, defaultW, n);
    }
}
