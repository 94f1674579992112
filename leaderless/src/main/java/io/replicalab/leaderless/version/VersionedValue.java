package io.replicalab.leaderless.version;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One write of a key as a replica stores it: the value (or a tombstone for a delete), the event that
 * created it ({@link #dot()}), the causal context the writer had read ({@link #context()}: the versions
 * this write supersedes), and the coordinator's wall-clock time (display and vector pruning only).
 *
 * <p>This write supersedes another exactly when its context covers the other's dot: the writer had
 * seen that version. Nothing else (counters of other replicas, timestamps) is used, which is what makes
 * concurrent writes through the same coordinator stay siblings.
 */
public final class VersionedValue {
    /** Total order among different contents claiming one dot, so replicas pick the same survivor. */
    static final Comparator<VersionedValue> SAME_DOT_TIEBREAK = Comparator
            .comparingLong(VersionedValue::timestampMillis)
            .thenComparing(VersionedValue::valueOrNull, Comparator.nullsFirst(Arrays::compareUnsigned))
            .thenComparing(v -> v.context().encode(), Arrays::compareUnsigned);

    private final byte[] value;
    private final Dot dot;
    private final VersionVector context;
    private final long timestampMillis;

    /**
     * @param value the bytes written, or {@code null} for a delete (tombstone: it must still be
     *     replicated and compared, or the deleted value would come back through repair)
     */
    public VersionedValue(byte[] value, Dot dot, VersionVector context, long timestampMillis) {
        this.value = value == null ? null : value.clone();
        this.dot = Objects.requireNonNull(dot, "dot");
        this.context = Objects.requireNonNull(context, "context");
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestampMillis must be >= 0, was " + timestampMillis);
        }
        this.timestampMillis = timestampMillis;
    }

    public static VersionedValue tombstone(Dot dot, VersionVector context, long timestampMillis) {
        return new VersionedValue(null, dot, context, timestampMillis);
    }

    public boolean isTombstone() {
        return value == null;
    }

    /**
     * The value written.
     *
     * @throws IllegalStateException for a tombstone
     */
    public byte[] value() {
        if (value == null) {
            throw new IllegalStateException("tombstone " + dot + " has no value");
        }
        return value.clone();
    }

    private byte[] valueOrNull() {
        return value;
    }

    public Dot dot() {
        return dot;
    }

    public VersionVector context() {
        return context;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    /** The whole history of this write as a plain vector: its context plus its own dot. */
    public VersionVector clock() {
        return context.witness(dot, timestampMillis);
    }

    /** True if {@code other} was written by someone who had seen this write. */
    public boolean isSupersededBy(VersionedValue other) {
        return !other.dot.equals(dot) && other.context.covers(dot);
    }

    /** This write with its context pruned to {@code maxEntries} (the dot is always kept); see {@link VersionVector#prune}. */
    public VersionedValue withContextPrunedTo(int maxEntries) {
        VersionVector pruned = context.prune(maxEntries);
        return pruned == context ? this : new VersionedValue(value, dot, pruned, timestampMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionedValue other
                && dot.equals(other.dot)
                && timestampMillis == other.timestampMillis
                && Arrays.equals(value, other.value)
                && context.equals(other.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dot, context, timestampMillis, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        String shown = value == null ? "<tombstone>"
                : value.length <= 32 ? "0x" + HexFormat.of().formatHex(value) : value.length + " bytes";
        return shown + "@" + dot + context;
    }
}
