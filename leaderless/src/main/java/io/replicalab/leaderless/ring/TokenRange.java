package io.replicalab.leaderless.ring;

import java.math.BigInteger;

/**
 * An arc of the token ring: tokens {@code t} with {@code start < t <= end}, walking clockwise
 * (increasing signed {@code long}, wrapping from {@link Long#MAX_VALUE} to {@link Long#MIN_VALUE}).
 *
 * <p>Start is exclusive and end inclusive because a virtual node at token {@code e} owns every key
 * whose token is after its predecessor's token and up to and including {@code e}: that way each
 * token belongs to exactly one range and the ranges of a ring tile it without gaps.
 * {@code start == end} denotes the whole ring (a ring with a single virtual node).
 */
public record TokenRange(long start, long end) {
    private static final BigInteger RING_SIZE = BigInteger.ONE.shiftLeft(64);

    /** The whole ring, as owned by a single token {@code at}. */
    public static TokenRange fullRing(long at) {
        return new TokenRange(at, at);
    }

    public boolean isFullRing() {
        return start == end;
    }

    public boolean contains(long token) {
        if (start < end) {
            return token > start && token <= end;
        }
        // Wraps past Long.MAX_VALUE (or is the full ring when start == end).
        return token > start || token <= end;
    }

    /** Number of tokens in the range, in [1, 2^64]; a {@link BigInteger} because 2^64 does not fit a long. */
    public BigInteger width() {
        if (isFullRing()) {
            return RING_SIZE;
        }
        return new BigInteger(Long.toUnsignedString(end - start));
    }

    /** Share of the ring this range covers, for balance checks and reports. */
    public double fractionOfRing() {
        return width().doubleValue() / RING_SIZE.doubleValue();
    }

    @Override
    public String toString() {
        return "(" + start + ", " + end + "]";
    }
}
