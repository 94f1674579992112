package io.replicalab.node.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class WireTest {

    @Property(tries = 300)
    void varLongsRoundTrip(@ForAll long value) {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeVarLong(buf, value);
        Wire.writeSignedVarLong(buf, value);
        assertEquals(value, Wire.readVarLong(buf));
        assertEquals(value, Wire.readSignedVarLong(buf));
        assertEquals(0, buf.readableBytes());
    }

    @Property(tries = 300)
    void varIntsRoundTrip(@ForAll int value) {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeVarInt(buf, value);
        assertEquals(value, Wire.readVarInt(buf));
    }

    @Property(tries = 200)
    void stringsAndBytesRoundTrip(@ForAll String text, @ForAll @Size(max = 300) byte[] bytes, @ForAll boolean present) {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeString(buf, text);
        Wire.writeBytes(buf, bytes);
        Wire.writeOptionalBytes(buf, present ? bytes : null);
        assertEquals(text, Wire.readString(buf));
        assertArrayEquals(bytes, Wire.readBytes(buf));
        byte[] optional = Wire.readOptionalBytes(buf);
        if (present) {
            assertArrayEquals(bytes, optional);
        } else {
            assertNull(optional);
        }
    }

    @Property(tries = 100)
    void everyTruncationIsAFrameException(@ForAll String text, @ForAll @Size(min = 1, max = 50) byte[] bytes) {
        ByteBuf full = Unpooled.buffer();
        Wire.writeString(full, text);
        Wire.writeBytes(full, bytes);
        for (int cut = 0; cut < full.readableBytes(); cut++) {
            ByteBuf truncated = full.slice(0, cut);
            assertThrows(FrameException.class, () -> {
                Wire.readString(truncated);
                Wire.readBytes(truncated);
            }, "cut at " + cut);
        }
    }

    @Property(tries = 300)
    void garbageOnlyEverFailsAsFrameException(@ForAll @Size(max = 40) byte[] garbage) {
        ByteBuf buf = Unpooled.wrappedBuffer(garbage);
        try {
            Wire.readString(buf);
            Wire.readBytes(buf);
            Wire.readBoolean(buf);
            Wire.readLong(buf);
        } catch (FrameException expected) {
            // the only acceptable failure
        }
    }

    @Property(tries = 50)
    void hugeDeclaredLengthDoesNotAllocate(@ForAll @Size(max = 10) byte[] tail) {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeVarInt(buf, Integer.MAX_VALUE);
        buf.writeBytes(tail);
        FrameException e = assertThrows(FrameException.class, () -> Wire.readBytes(buf));
        assertTrue(e.getMessage().contains("truncated byte array"), e.getMessage());
    }
}
