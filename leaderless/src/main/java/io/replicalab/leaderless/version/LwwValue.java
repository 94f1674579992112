package io.replicalab.leaderless.version;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A write in last-write-wins mode: the value (or a tombstone) tagged with the coordinator's wall-clock
 * time in microseconds ({@link WriteTimestamps}) and the writer's id. There is no causality here at all: the highest (timestamp, writer) wins,
 * so a write stamped by a clock running behind loses to older writes (seed: clock skew silently
 * discards newer writes; Cassandra's per-cell timestamps behave the same).
 */
public final class LwwValue {
    /**
     * The winner order: timestamp, then writer id, then tombstone over value (as Cassandra), then value
     * bytes. Total, so that every replica picks the same winner whatever order writes arrive in.
     */
    public static final Comparator<LwwValue> ORDER = Comparator
            .comparingLong(LwwValue::timestampMicros)
            .thenComparing(LwwValue::writer)
            .thenComparing(LwwValue::isTombstone)
            .thenComparing(v -> v.value, Comparator.nullsFirst(Arrays::compareUnsigned));

    private final byte[] value;
    private final long timestampMicros;
    private final String writer;

    /** @param value the bytes, or {@code null} for a delete */
    public LwwValue(byte[] value, long timestampMicros, String writer) {
        this.value = value == null ? null : value.clone();
        this.timestampMicros = timestampMicros;
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    public boolean isTombstone() {
        return value == null;
    }

    /** @throws IllegalStateException for a tombstone */
    public byte[] value() {
        if (value == null) {
            throw new IllegalStateException("tombstone has no value");
        }
        return value.clone();
    }

    /** Microseconds since the epoch on the coordinator's clock. */
    public long timestampMicros() {
        return timestampMicros;
    }

    public String writer() {
        return writer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LwwValue other && timestampMicros == other.timestampMicros
                && writer.equals(other.writer) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampMicros, writer, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        String shown = value == null ? "<tombstone>"
                : value.length <= 32 ? "0x" + HexFormat.of().formatHex(value) : value.length + " bytes";
        return shown + "@" + timestampMicros + "/" + writer;
    }
}
