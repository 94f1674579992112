package io.replicalab.singleleader.core;

import java.util.Arrays;

/**
 * One write in the primary's log.
 *
 * @param epoch the epoch of the primary that appended it
 * @param index its position, 1, 2, 3, ... without gaps across epochs
 * @param value the new value, {@code null} for a delete
 */
public record LogEntry(long epoch, long index, String key, byte[] value) {
    public LogPosition position() {
        return new LogPosition(epoch, index);
    }

    /** The id a replica's apply log records for this write. */
    public String writeId() {
        return epoch + "." + index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && epoch == e.epoch && index == e.index && key.equals(e.key)
                && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + key.hashCode();
    }

    @Override
    public String toString() {
        return "LogEntry[" + writeId() + " " + key + (value == null ? " delete]" : " " + value.length + " bytes]");
    }
}
