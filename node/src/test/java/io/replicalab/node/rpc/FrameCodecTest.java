package io.replicalab.node.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec(TestMessages.registry(), 4096);

    /** Strips the length prefix, as the pipeline's frame decoder does, checking it first. */
    private static ByteBuf body(ByteBuf frame) {
        int length = frame.readInt();
        assertEquals(frame.readableBytes(), length);
        return frame;
    }

    @Property(tries = 200)
    void requestsRoundTrip(@ForAll long id, @ForAll String from, @ForAll String text) {
        Frame f = codec.decode(body(codec.request(ByteBufAllocator.DEFAULT, id, from, new TestMessages.Text(text))));
        assertEquals(new Frame.Request(id, from, new TestMessages.Text(text)), f);
    }

    @Property(tries = 200)
    void responsesAndErrorsRoundTrip(@ForAll long id, @ForAll @Size(max = 1000) byte[] bytes, @ForAll String message) {
        Frame r = codec.decode(body(codec.response(ByteBufAllocator.DEFAULT, id, new TestMessages.Blob(bytes))));
        assertArrayEquals(bytes, ((TestMessages.Blob) ((Frame.Response) r).message()).bytes());
        for (ErrorCode code : ErrorCode.values()) {
            Frame.Error e = (Frame.Error) codec.decode(body(codec.error(ByteBufAllocator.DEFAULT, id, code, message)));
            assertEquals(code, e.code());
            assertEquals(id, e.id());
            if (message.length() <= 500) {
                assertEquals(message, e.message());
            }
        }
    }

    @Property(tries = 100)
    void truncatedBodiesAreMalformedNotCrashes(@ForAll String text) {
        ByteBuf full = body(codec.request(ByteBufAllocator.DEFAULT, 7, "n1", new TestMessages.Text(text + "x")));
        int headerBytes = 1 + 1 + 3; // kind, id 7, sender "n1"
        for (int cut = headerBytes; cut < full.readableBytes(); cut++) {
            Frame f = codec.decode(full.slice(full.readerIndex(), cut));
            assertInstanceOf(Frame.Malformed.class, f, "cut at " + cut);
            assertEquals(7, f.id());
        }
    }

    @Property(tries = 300)
    void garbageIsMalformedOrFrameException(@ForAll @Size(max = 64) byte[] garbage) {
        try {
            codec.decode(Unpooled.wrappedBuffer(garbage));
        } catch (FrameException expected) {
            // a garbled header: the connection gets closed
        }
    }

    @Test
    void unknownTypeIdAndTrailingBytesAreMalformed() {
        ByteBuf unknown = Unpooled.buffer();
        unknown.writeByte(Frame.REQUEST);
        Wire.writeVarLong(unknown, 9);
        Wire.writeString(unknown, "n2");
        Wire.writeVarInt(unknown, 999);
        Frame.Malformed m = (Frame.Malformed) codec.decode(unknown);
        assertEquals("n2", m.from());
        assertTrue(m.reason().contains("unknown message type id 999"), m.reason());

        ByteBuf trailing = body(codec.request(ByteBufAllocator.DEFAULT, 3, "n1", new TestMessages.Text("a")));
        ByteBuf withExtra = Unpooled.wrappedBuffer(trailing, Unpooled.wrappedBuffer(new byte[] {1, 2}));
        assertTrue(((Frame.Malformed) codec.decode(withExtra)).reason().contains("2 trailing bytes"));
    }

    @Test
    void unknownFrameKindIsAFrameException() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {42, 1});
        assertThrows(FrameException.class, () -> codec.decode(buf));
    }

    @Test
    void oversizedFramesAreRefusedBeforeSending() {
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> codec.request(ByteBufAllocator.DEFAULT, 1, "n1", new TestMessages.Blob(new byte[5000])));
        assertTrue(e.getMessage().contains("rpc.max-frame-bytes=4096"), e.getMessage());
    }

    @Test
    void registryRejectsReservedAndDuplicateIds() {
        MessageRegistry r = MessageRegistry.withBuiltins();
        assertThrows(IllegalArgumentException.class, () -> r.register(3, TestMessages.Text.class, TestMessages.TEXT));
        r.register(100, TestMessages.Text.class, TestMessages.TEXT);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> r.register(100, TestMessages.Blob.class, TestMessages.BLOB));
        assertTrue(dup.getMessage().contains("already used by Text"), dup.getMessage());
    }
}
