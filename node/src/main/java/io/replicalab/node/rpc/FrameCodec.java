package io.replicalab.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Encodes and decodes {@link Frame}s with the message types of one {@link MessageRegistry}. */
final class FrameCodec {
    private final MessageRegistry registry;
    private final int maxFrameBytes;

    FrameCodec(MessageRegistry registry, int maxFrameBytes) {
        this.registry = registry;
        this.maxFrameBytes = maxFrameBytes;
    }

    int maxFrameBytes() {
        return maxFrameBytes;
    }

    ByteBuf request(ByteBufAllocator alloc, long id, String from, Object message) {
        ByteBuf out = start(alloc, Frame.REQUEST, id);
        try {
            Wire.writeString(out, from);
            writeMessage(out, message);
            return finish(out, "request " + message.getClass().getSimpleName());
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    ByteBuf response(ByteBufAllocator alloc, long id, Object message) {
        ByteBuf out = start(alloc, Frame.RESPONSE, id);
        try {
            writeMessage(out, message);
            return finish(out, "response " + message.getClass().getSimpleName());
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    ByteBuf error(ByteBufAllocator alloc, long id, ErrorCode code, String message) {
        ByteBuf out = start(alloc, Frame.ERROR, id);
        try {
            Wire.writeVarInt(out, code.wireCode());
            // Error text is for humans; cut it so an error frame stays small whatever the cause.
            String text = message == null ? "" : message;
            Wire.writeString(out, text.length() > 500 ? text.substring(0, 500) + "..." : text);
            return finish(out, "error");
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Decodes a frame whose length prefix was already stripped.
     *
     * @throws FrameException when the header itself is unreadable (the connection cannot be trusted)
     */
    Frame decode(ByteBuf in) {
        byte kind = Wire.readByte(in);
        long id = Wire.readVarLong(in);
        switch (kind) {
            case Frame.REQUEST -> {
                String from = Wire.readString(in);
                try {
                    return new Frame.Request(id, from, readMessage(in));
                } catch (RuntimeException e) {
                    return new Frame.Malformed(id, kind, from, reason(e));
                }
            }
            case Frame.RESPONSE -> {
                try {
                    return new Frame.Response(id, readMessage(in));
                } catch (RuntimeException e) {
                    return new Frame.Malformed(id, kind, null, reason(e));
                }
            }
            case Frame.ERROR -> {
                ErrorCode code = ErrorCode.fromWire(Wire.readVarInt(in));
                return new Frame.Error(id, code, Wire.readString(in));
            }
            default -> throw new FrameException("unknown frame kind " + kind);
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof FrameException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private Object readMessage(ByteBuf in) {
        int typeId = Wire.readVarInt(in);
        MessageRegistry.Registration<?> reg = registry.forId(typeId);
        if (reg == null) {
            throw new FrameException("unknown message type id " + typeId);
        }
        Object message = reg.codec().decode(in);
        if (in.isReadable()) {
            throw new FrameException(in.readableBytes() + " trailing bytes after " + reg.type().getSimpleName());
        }
        return message;
    }

    @SuppressWarnings("unchecked")
    private <T> void writeMessage(ByteBuf out, T message) {
        MessageRegistry.Registration<T> reg = registry.forClass((Class<T>) message.getClass());
        Wire.writeVarInt(out, reg.typeId());
        reg.codec().encode(message, out);
    }

    private static ByteBuf start(ByteBufAllocator alloc, byte kind, long id) {
        ByteBuf out = alloc.buffer(64);
        out.writeInt(0); // length, filled in by finish()
        out.writeByte(kind);
        Wire.writeVarLong(out, id);
        return out;
    }

    private ByteBuf finish(ByteBuf out, String what) {
        int length = out.readableBytes() - Integer.BYTES;
        if (length > maxFrameBytes) {
            throw new FrameTooLargeException(what + " is " + length + " bytes, over rpc.max-frame-bytes="
                    + maxFrameBytes + ": send smaller values or raise rpc.max-frame-bytes on every node");
        }
        out.setInt(0, length);
        return out;
    }
}
