package io.replicalab.node.rpc;

import io.netty.buffer.ByteBuf;

/** Message types of the RPC tests. */
final class TestMessages {
    private TestMessages() {
    }

    record Text(String text) {
    }

    record Blob(byte[] bytes) {
    }

    static final MessageCodec<Text> TEXT = new MessageCodec<>() {
        @Override
        public void encode(Text message, ByteBuf out) {
            Wire.writeString(out, message.text());
        }

        @Override
        public Text decode(ByteBuf in) {
            return new Text(Wire.readString(in));
        }
    };

    static final MessageCodec<Blob> BLOB = new MessageCodec<>() {
        @Override
        public void encode(Blob message, ByteBuf out) {
            Wire.writeBytes(out, message.bytes());
        }

        @Override
        public Blob decode(ByteBuf in) {
            return new Blob(Wire.readBytes(in));
        }
    };

    static MessageRegistry registry() {
        return MessageRegistry.withBuiltins().register(100, Text.class, TEXT).register(101, Blob.class, BLOB);
    }
}
