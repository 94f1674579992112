package io.replicalab.node.rpc;

import io.netty.buffer.ByteBuf;

/** Built-in echo request (type id 1): every {@link RpcServer} answers it with the same payload. */
public record Ping(byte[] payload) {
    public static final int TYPE_ID = 1;

    public static final MessageCodec<Ping> CODEC = new MessageCodec<>() {
        @Override
        public void encode(Ping message, ByteBuf out) {
            Wire.writeBytes(out, message.payload());
        }

        @Override
        public Ping decode(ByteBuf in) {
            return new Ping(Wire.readBytes(in));
        }
    };
}
