package io.replicalab.node.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Helpers for byte-array keys. Both engines order keys the way RocksDB's default comparator does:
 * unsigned lexicographic (0x80 sorts after 0x7f), so a scan returns the same keys in the same order
 * whichever engine a node runs.
 */
public final class ByteKeys {
    /** The key order of every engine. */
    public static final Comparator<byte[]> ORDER = ByteKeys::compare;

    private ByteKeys() {
    }

    /** Unsigned lexicographic comparison; a proper prefix sorts first. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, i.e. the exclusive
     * upper bound of a prefix scan; {@code null} (no bound) when there is none, that is when the
     * prefix is empty or all 0xff bytes.
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Printable form for messages and logs: text stays text, other bytes become \xNN. */
    static String show(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            int u = b & 0xff;
            if (u >= 0x20 && u < 0x7f && u != '"' && u != '\\') {
                sb.append((char) u);
            } else {
                sb.append(String.format("\\x%02x", u));
            }
        }
        return sb.append('"').toString();
    }
}
