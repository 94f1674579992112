package io.replicalab.leaderless.replica;

import io.netty.buffer.ByteBuf;

/** Copies a heap buffer's readable bytes out and releases it. */
public final class ByteBufs {
    private ByteBufs() {
    }

    public static byte[] toArray(ByteBuf buf) {
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }
}
