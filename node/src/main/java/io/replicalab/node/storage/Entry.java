package io.replicalab.node.storage;

import java.util.Arrays;

/**
 * One key/value pair from a scan. Arrays are compared by content (the record default would compare
 * references, which is never what a caller comparing entries means).
 */
public record Entry(byte[] key, byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return ByteKeys.show(key) + "=" + ByteKeys.show(value);
    }
}
