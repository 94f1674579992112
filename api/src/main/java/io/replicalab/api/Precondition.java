package io.replicalab.api;

import java.util.Arrays;
import java.util.Objects;

/** What a compare-and-set expects to find before it writes. */
public sealed interface Precondition {

    /** The key must not exist. */
    static Precondition absent() {
        return Absent.INSTANCE;
    }

    /** The key's single current value must equal {@code expected} (Jepsen's register CAS). */
    static Precondition valueEquals(byte[] expected) {
        return new ValueEquals(expected);
    }

    /** The key's current version must be the one a read returned. */
    static Precondition versionEquals(CausalContext expected) {
        return new VersionEquals(expected);
    }

    enum Absent implements Precondition {
        INSTANCE
    }

    record ValueEquals(byte[] expected) implements Precondition {
        public ValueEquals {
            expected = Objects.requireNonNull(expected, "expected").clone();
        }

        public boolean matches(byte[] actual) {
            return actual != null && Arrays.equals(expected, actual);
        }

        @Override
        public byte[] expected() {
            return expected.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ValueEquals other && Arrays.equals(expected, other.expected);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(expected);
        }

        @Override
        public String toString() {
            return "ValueEquals[" + expected.length + " bytes]";
        }
    }

    record VersionEquals(CausalContext expected) implements Precondition {
        public VersionEquals {
            Objects.requireNonNull(expected, "expected");
        }
    }
}
