package io.replicalab.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;

/** The channel pipeline both ends share: length-prefixed frames, decoded to {@link Frame}s. */
final class Pipelines {
    private Pipelines() {
    }

    static EventLoopGroup newGroup(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    }

    static void install(ChannelPipeline p, FrameCodec codec, ChannelHandler frameHandler) {
        // Batches flushes of many small responses into one syscall; the main lever for RPC throughput.
        p.addLast("flush", new FlushConsolidationHandler(256, true));
        // Fails fast (before buffering the body) when a peer announces a frame over the limit.
        p.addLast("frames", new LengthFieldBasedFrameDecoder(codec.maxFrameBytes(), 0, 4, 0, 4, true));
        p.addLast("decoder", new FrameDecoder(codec));
        p.addLast("handler", frameHandler);
    }

    private static final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {
        private final FrameCodec codec;

        FrameDecoder(FrameCodec codec) {
            this.codec = codec;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            out.add(codec.decode(msg));
        }
    }
}
