package io.replicalab.node.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of a node's RPC: accepts connections, decodes requests, applies the incoming and
 * outgoing link faults, runs the handler registered for the request type and writes its answer.
 *
 * <p>Handlers run on the connection's event loop and must not block for long.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    private final RpcServerOptions options;
    private final FrameCodec codec;
    private final LinkFaults linkFaults;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<Class<?>, RpcHandler<Object, ?>> handlers = new ConcurrentHashMap<>();
    /** Requests handed to a handler, per message type: how much work this node did (experiments' per-node load). */
    private final Map<String, java.util.concurrent.atomic.LongAdder> served = new ConcurrentHashMap<>();
    private final Channel serverChannel;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private RpcServer(RpcServerOptions options, MessageRegistry registry, LinkFaults linkFaults, EventLoopGroup shared) {
        this.options = options;
        this.codec = new FrameCodec(registry, options.maxFrameBytes());
        this.linkFaults = linkFaults;
        this.ownsGroup = shared == null;
        this.group = shared != null ? shared : Pipelines.newGroup("rpc-server-" + options.nodeId(), 2);
        handle(Ping.class, (from, ping) -> CompletableFuture.completedFuture(ping));
        ChannelHandler frameHandler = new ServerHandler();
        try {
            this.serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            Pipelines.install(ch.pipeline(), codec, frameHandler);
                        }
                    })
                    .bind(options.host(), options.port())
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            String where = options.host() + ":" + options.port();
            if (e instanceof BindException) {
                throw new RpcBindException("node " + options.nodeId() + " cannot listen on " + where + " ("
                        + e.getMessage() + "): another process holds the port; stop it or pick a free port in the config", e);
            }
            throw new RpcBindException("node " + options.nodeId() + " cannot listen on " + where + ": " + e, e);
        }
    }

    public static RpcServer start(RpcServerOptions options, MessageRegistry registry, LinkFaults linkFaults) {
        return new RpcServer(options, registry, linkFaults, null);
    }

    /**
     * Like {@link #start(RpcServerOptions, MessageRegistry, LinkFaults)} on the caller's event loops
     * (see {@link RpcThreads}), which the server does not shut down.
     */
    public static RpcServer start(RpcServerOptions options, MessageRegistry registry, LinkFaults linkFaults,
                                  RpcThreads threads) {
        return new RpcServer(options, registry, linkFaults, threads.group());
    }

    /** Registers (or replaces) the handler for requests of {@code type}. */
    @SuppressWarnings("unchecked")
    public <Q, R> void handle(Class<Q> type, RpcHandler<Q, R> handler) {
        handlers.put(type, (RpcHandler<Object, ?>) handler);
    }

    /** How many requests of each message type (simple class name) this server handed to a handler since it started. */
    public Map<String, Long> requestsServed() {
        Map<String, Long> out = new java.util.TreeMap<>();
        served.forEach((type, n) -> out.put(type, n.sum()));
        return out;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public String nodeId() {
        return options.nodeId();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return "RpcServer(" + options.nodeId() + " on " + localAddress() + ")";
    }

    @ChannelHandler.Sharable
    private final class ServerHandler extends SimpleChannelInboundHandler<Frame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            if (frame instanceof Frame.Request r) {
                receive(ctx.channel(), r);
            } else if (frame instanceof Frame.Malformed m && m.kind() == Frame.REQUEST) {
                send(ctx.channel(), m.from(), () -> codec.error(ctx.alloc(), m.id(), ErrorCode.FAIL_INVALID,
                        options.nodeId() + " cannot decode the request: " + m.reason()));
            } else {
                LOG.warn("rpc {}: closing connection from {}: a client sent a {} frame", options.nodeId(),
                        ctx.channel().remoteAddress(), frame.getClass().getSimpleName());
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("rpc {}: closing connection from {}: {}", options.nodeId(), ctx.channel().remoteAddress(),
                    rootMessage(cause));
            ctx.close();
        }
    }

    private void receive(Channel ch, Frame.Request r) {
        LinkFaults.Verdict v = linkFaults.decide(r.from(), options.nodeId());
        if (v.drop()) {
            return;
        }
        if (v.delayed()) {
            ch.eventLoop().schedule(() -> dispatch(ch, r), v.delay().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            dispatch(ch, r);
        }
    }

    private void dispatch(Channel ch, Frame.Request r) {
        RpcHandler<Object, ?> handler = handlers.get(r.message().getClass());
        if (handler == null) {
            send(ch, r.from(), () -> codec.error(ch.alloc(), r.id(), ErrorCode.FAIL_UNAVAILABLE, options.nodeId()
                    + " does not serve " + r.message().getClass().getSimpleName() + " (backend not started on it?)"));
            return;
        }
        served.computeIfAbsent(r.message().getClass().getSimpleName(), k -> new java.util.concurrent.atomic.LongAdder()).increment();
        CompletionStage<?> result;
        try {
            result = handler.handle(r.from(), r.message());
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((answer, error) -> {
            if (error == null && answer == null) {
                error = new IllegalStateException("handler returned null");
            }
            if (error == null) {
                send(ch, r.from(), () -> encodeResponse(ch, r, answer));
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                ErrorCode code = ErrorCode.of(cause);
                if (code == ErrorCode.INFO_UNKNOWN) {
                    LOG.warn("rpc {}: handler for {} failed", options.nodeId(), r.message().getClass().getSimpleName(), cause);
                }
                send(ch, r.from(), () -> codec.error(ch.alloc(), r.id(), code, cause.getMessage()));
            }
        });
    }

    private ByteBuf encodeResponse(Channel ch, Frame.Request r, Object answer) {
        try {
            return codec.response(ch.alloc(), r.id(), answer);
        } catch (RuntimeException e) {
            // The handler ran, so the request may have applied: the caller must learn "unknown".
            return codec.error(ch.alloc(), r.id(), ErrorCode.INFO_UNKNOWN,
                    options.nodeId() + " could not send its answer: " + e.getMessage());
        }
    }

    private void send(Channel ch, String to, java.util.function.Supplier<ByteBuf> frame) {
        LinkFaults.Verdict v = linkFaults.decide(options.nodeId(), to);
        if (v.drop() || !ch.isActive()) {
            return;
        }
        if (v.delayed()) {
            ch.eventLoop().schedule(() -> ch.writeAndFlush(frame.get()), v.delay().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            ch.writeAndFlush(frame.get());
        }
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
