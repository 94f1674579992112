package io.replicalab.node.rpc;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Primitive encodings shared by all codecs: unsigned LEB128 varints, length-prefixed UTF-8 strings
 * and byte arrays. Every reader checks the bytes it needs are there, so a truncated or hostile
 * body fails with {@link FrameException} instead of an out-of-bounds read or a huge allocation.
 */
public final class Wire {
    private Wire() {
    }

    public static void writeVarInt(ByteBuf out, int value) {
        writeVarLong(out, value & 0xFFFFFFFFL);
    }

    public static int readVarInt(ByteBuf in) {
        long v = readVarLong(in);
        if (v > 0xFFFFFFFFL) {
            throw new FrameException("varint does not fit in 32 bits");
        }
        return (int) v;
    }

    public static void writeVarLong(ByteBuf out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    public static long readVarLong(ByteBuf in) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.isReadable()) {
                throw new FrameException("truncated varint");
            }
            byte b = in.readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new FrameException("varint longer than 10 bytes");
    }

    /** Zig-zag signed long, so small negative numbers stay small. */
    public static void writeSignedVarLong(ByteBuf out, long value) {
        writeVarLong(out, (value << 1) ^ (value >> 63));
    }

    public static long readSignedVarLong(ByteBuf in) {
        long v = readVarLong(in);
        return (v >>> 1) ^ -(v & 1);
    }

    public static void writeBytes(ByteBuf out, byte[] bytes) {
        writeVarInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    public static byte[] readBytes(ByteBuf in) {
        int len = readLength(in, "byte array");
        byte[] bytes = new byte[len];
        in.readBytes(bytes);
        return bytes;
    }

    /** Nullable byte array: a presence flag, then the bytes. */
    public static void writeOptionalBytes(ByteBuf out, byte[] bytes) {
        writeBoolean(out, bytes != null);
        if (bytes != null) {
            writeBytes(out, bytes);
        }
    }

    public static byte[] readOptionalBytes(ByteBuf in) {
        return readBoolean(in) ? readBytes(in) : null;
    }

    public static void writeString(ByteBuf out, String s) {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    public static String readString(ByteBuf in) {
        int len = readLength(in, "string");
        String s = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
        in.skipBytes(len);
        return s;
    }

    public static void writeBoolean(ByteBuf out, boolean b) {
        out.writeByte(b ? 1 : 0);
    }

    public static boolean readBoolean(ByteBuf in) {
        byte b = readByte(in);
        if (b != 0 && b != 1) {
            throw new FrameException("boolean byte is " + b + ", not 0 or 1");
        }
        return b == 1;
    }

    public static byte readByte(ByteBuf in) {
        if (!in.isReadable()) {
            throw new FrameException("truncated: expected a byte");
        }
        return in.readByte();
    }

    public static long readLong(ByteBuf in) {
        if (in.readableBytes() < Long.BYTES) {
            throw new FrameException("truncated: expected 8 bytes, " + in.readableBytes() + " left");
        }
        return in.readLong();
    }

    private static int readLength(ByteBuf in, String what) {
        int len = readVarInt(in);
        if (len < 0 || len > in.readableBytes()) {
            throw new FrameException("truncated " + what + ": length " + Integer.toUnsignedString(len) + " but "
                    + in.readableBytes() + " bytes left");
        }
        return len;
    }
}
