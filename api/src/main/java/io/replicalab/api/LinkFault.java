package io.replicalab.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault on the directed link {@code from -> to}: messages are dropped ({@link Kind#BLOCK}) or
 * held for {@code delay} ({@link Kind#DELAY}).
 */
public record LinkFault(String from, String to, Kind kind, Duration delay) {
    public enum Kind { BLOCK, DELAY }

    public LinkFault {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        delay = delay == null ? Duration.ZERO : delay;
        if (kind == Kind.DELAY && (delay.isNegative() || delay.isZero())) {
            throw new IllegalArgumentException("a DELAY fault needs a positive delay, was " + delay);
        }
    }

    public static LinkFault block(String from, String to) {
        return new LinkFault(from, to, Kind.BLOCK, Duration.ZERO);
    }

    public static LinkFault delay(String from, String to, Duration delay) {
        return new LinkFault(from, to, Kind.DELAY, delay);
    }
}
