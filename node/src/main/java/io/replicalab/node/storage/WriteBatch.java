package io.replicalab.node.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Puts and deletes that an engine applies atomically: a reader sees all of them or none. Later
 * operations on the same key win. Keys and values are copied when added, so the caller may reuse
 * its arrays while the batch waits in a group-commit queue.
 */
public final class WriteBatch {
    private final List<Op> ops = new ArrayList<>();

    public WriteBatch put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value (use delete to remove a key)");
        ops.add(new Put(key.clone(), value.clone()));
        return this;
    }

    public WriteBatch delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        ops.add(new Delete(key.clone()));
        return this;
    }

    /** The operations in the order they were added (read-only view). */
    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public int size() {
        return ops.size();
    }

    @Override
    public String toString() {
        return ops.toString();
    }

    public sealed interface Op {
        byte[] key();
    }

    public record Put(byte[] key, byte[] value) implements Op {
        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && Arrays.equals(key, p.key) && Arrays.equals(value, p.value);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "put " + ByteKeys.show(key) + "=" + ByteKeys.show(value);
        }
    }

    public record Delete(byte[] key) implements Op {
        @Override
        public boolean equals(Object o) {
            return o instanceof Delete d && Arrays.equals(key, d.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "delete " + ByteKeys.show(key);
        }
    }
}
