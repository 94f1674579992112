package io.replicalab.leaderless.version;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Unsigned LEB128 varints: small counters take one byte, which keeps causal contexts short. */
final class Varints {
    private Varints() {
    }

    /** Writes a non-negative value. */
    static void write(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints here are unsigned, got " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /**
     * Reads a non-negative value of at most 63 bits.
     *
     * @throws IllegalArgumentException if the input ends mid-varint or the value does not fit
     */
    static long read(ByteBuffer in, String what) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("truncated input while reading " + what);
            }
            int b = in.get() & 0xFF;
            if (shift == 56 && b > 0x7F) { // the 9th byte may carry only the last 7 bits of 63
                break;
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new IllegalArgumentException("non-canonical varint while reading " + what);
                }
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long while reading " + what);
    }
}
