package io.replicalab.node.storage;

import static io.replicalab.node.storage.StorageEngineContract.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteKeysTest {
    @Test
    void compareIsUnsignedLexicographic() {
        assertTrue(ByteKeys.compare(b(0x7f), b(0x80)) < 0);
        assertTrue(ByteKeys.compare(b(0xff), b(0x00, 0x00)) > 0);
        assertTrue(ByteKeys.compare(b(0x01), b(0x01, 0x00)) < 0); // a prefix sorts first
        assertTrue(ByteKeys.compare(new byte[0], b(0x00)) < 0);
        assertTrue(ByteKeys.compare(b(0x80, 0x01), b(0x80, 0x01)) == 0);
    }

    @Test
    void prefixEndIsTheSmallestKeyAfterThePrefixRange() {
        assertArrayEquals(b(0x61, 0x63), ByteKeys.prefixEnd(b(0x61, 0x62)));
        assertArrayEquals(b(0x61, 0x80), ByteKeys.prefixEnd(b(0x61, 0x7f)));
        assertArrayEquals(b(0x62), ByteKeys.prefixEnd(b(0x61, 0xff, 0xff)));
        assertArrayEquals(b(0x01), ByteKeys.prefixEnd(b(0x00)));
        assertNull(ByteKeys.prefixEnd(b(0xff, 0xff)));
        assertNull(ByteKeys.prefixEnd(new byte[0]));
    }

    @Test
    void concatAndUtf8() {
        assertArrayEquals(b(0x61, 0xc3, 0xa9, 0x00, 0xff),
                ByteKeys.concat(ByteKeys.utf8("a"), ByteKeys.utf8("\u00e9"), b(0x00), new byte[0], b(0xff)));
        assertArrayEquals(new byte[0], ByteKeys.concat());
    }
}
