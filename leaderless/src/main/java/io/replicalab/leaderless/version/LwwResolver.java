package io.replicalab.leaderless.version;

/**
 * Conflict resolution of the LWW mode: of two versions keep the one with the highest
 * (timestamp, writer) ({@link LwwValue#ORDER}). A join over a total order, hence commutative,
 * associative and idempotent like {@link Siblings#merge}, so repair order does not matter — but
 * concurrent writes are not kept: all but one are dropped, even when acknowledged.
 */
public final class LwwResolver {
    private LwwResolver() {
    }

    /** The surviving version; {@code null} stands for "nothing stored yet". */
    public static LwwValue merge(LwwValue a, LwwValue b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return LwwValue.ORDER.compare(a, b) >= 0 ? a : b;
    }
}
