package io.replicalab.node.rpc;

import io.netty.buffer.ByteBuf;

/**
 * Compact binary form of one message type. Codecs are hand-written with {@link Wire} helpers so
 * the format is explicit and stable; Java serialization is never used on the wire.
 *
 * <p>{@link #decode} must consume exactly the bytes {@link #encode} wrote and throw
 * {@link FrameException} on truncated or malformed input (the {@link Wire} readers already do).
 */
public interface MessageCodec<T> {
    void encode(T message, ByteBuf out);

    T decode(ByteBuf in);
}
