package io.replicalab.node.rpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.replicalab.api.ConnectionLostException;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.OperationTimeoutException;
import io.replicalab.api.UnavailableException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls other nodes: one multiplexed connection per peer, opened on first use and reopened on the
 * next call after it drops; request ids match answers; each call has its own timeout.
 *
 * <p>Outcomes follow the API's split: a call that never left (no connection, frame too large,
 * client closed) fails definitely; a call that may have reached the peer and got no answer (timeout,
 * connection dropped, dropped by a link fault) completes with an indeterminate exception.
 */
public final class RpcClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

    private final String selfId;
    private final FrameCodec codec;
    private final LinkFaults linkFaults;
    private final RpcClientOptions options;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Bootstrap bootstrap;
    private final HashedWheelTimer timer;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final Map<Peer, CompletableFuture<Channel>> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Peer(String id, InetSocketAddress address) {
    }

    private static final class PendingCall {
        final Peer peer;
        final Class<?> responseType;
        final CompletableFuture<Object> result;
        /** The connection the request went out on: only its loss makes this call's outcome unknown. */
        volatile Channel sentOn;

        PendingCall(Peer peer, Class<?> responseType, CompletableFuture<Object> result) {
            this.peer = peer;
            this.responseType = responseType;
            this.result = result;
        }

        Peer peer() {
            return peer;
        }

        Class<?> responseType() {
            return responseType;
        }

        CompletableFuture<Object> result() {
            return result;
        }
    }

    public RpcClient(String selfId, MessageRegistry registry, LinkFaults linkFaults, RpcClientOptions options) {
        this(selfId, registry, linkFaults, options, null);
    }

    /** A client on the caller's event loops (see {@link RpcThreads}), which it does not shut down. */
    public RpcClient(String selfId, MessageRegistry registry, LinkFaults linkFaults, RpcClientOptions options,
                     RpcThreads threads) {
        this.selfId = selfId;
        this.codec = new FrameCodec(registry, options.maxFrameBytes());
        this.linkFaults = linkFaults;
        this.options = options;
        this.ownsGroup = threads == null;
        this.group = threads != null ? threads.group() : Pipelines.newGroup("rpc-client-" + selfId, 2);
        this.timer = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "rpc-timeouts-" + selfId);
            t.setDaemon(true);
            return t;
        }, 5, TimeUnit.MILLISECONDS);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis());
    }

    public String selfId() {
        return selfId;
    }

    /** Like {@link #call(String, InetSocketAddress, Object, Class, Duration)} with the default timeout. */
    public <R> CompletableFuture<R> call(String peerId, InetSocketAddress address, Object request, Class<R> responseType) {
        return call(peerId, address, request, responseType, options.defaultRequestTimeout());
    }

    /**
     * Sends {@code request} to {@code peerId} at {@code address} and completes with its answer.
     * Never completes with a bare {@link java.util.concurrent.TimeoutException}: see the class doc.
     */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> call(String peerId, InetSocketAddress address, Object request, Class<R> responseType,
                                         Duration timeout) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new UnavailableException("rpc client of " + selfId + " is closed"));
            return (CompletableFuture<R>) result;
        }
        ByteBuf frame;
        long id = nextId.getAndIncrement();
        try {
            frame = codec.request(ByteBufAllocator.DEFAULT, id, selfId, request);
        } catch (FrameTooLargeException e) {
            result.completeExceptionally(new InvalidRequestException(e.getMessage()));
            return (CompletableFuture<R>) result;
        }
        Peer peer = new Peer(peerId, address);
        long timeoutNanos = timeout.toNanos();
        Timeout timer = this.timer.newTimeout(t -> expire(id, timeout), timeoutNanos, TimeUnit.NANOSECONDS);
        pending.put(id, new PendingCall(peer, responseType, result));
        result.whenComplete((r, e) -> timer.cancel());

        LinkFaults.Verdict v = linkFaults.decide(selfId, peerId);
        if (v.drop()) {
            frame.release(); // lost on the wire: the caller times out, as in a real partition
            return (CompletableFuture<R>) result;
        }
        connection(peer).whenComplete((ch, connectError) -> {
            if (connectError != null) {
                frame.release();
                fail(id, new PeerUnreachableException("cannot connect to " + peerId + " at " + hostPort(address) + ": "
                        + RpcServer.rootMessage(connectError)));
            } else if (v.delayed()) {
                ch.eventLoop().schedule(() -> write(ch, id, frame), v.delay().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                write(ch, id, frame);
            }
        });
        return (CompletableFuture<R>) result;
    }

    private void write(Channel ch, long id, ByteBuf frame) {
        PendingCall waiting = pending.get(id);
        if (waiting == null) {
            frame.release(); // already timed out while delayed
            return;
        }
        waiting.sentOn = ch;
        ch.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                PendingCall call = pending.get(id);
                String peer = call == null ? "peer" : call.peer().id();
                fail(id, new ConnectionLostException("connection to " + peer + " failed while sending: "
                        + RpcServer.rootMessage(f.cause())));
            }
        });
    }

    private CompletableFuture<Channel> connection(Peer peer) {
        CompletableFuture<Channel> existing = connections.get(peer);
        if (existing != null && !isBroken(existing)) {
            return existing;
        }
        return connections.compute(peer, (p, current) -> current != null && !isBroken(current) ? current : connect(p));
    }

    private static boolean isBroken(CompletableFuture<Channel> f) {
        return f.isCompletedExceptionally() || (f.isDone() && !f.join().isActive());
    }

    private CompletableFuture<Channel> connect(Peer peer) {
        CompletableFuture<Channel> f = new CompletableFuture<>();
        ChannelFuture cf = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                Pipelines.install(ch.pipeline(), codec, new ResponseHandler(peer));
            }
        }).connect(peer.address());
        cf.addListener(done -> {
            if (done.isSuccess()) {
                Channel ch = cf.channel();
                ch.closeFuture().addListener(x -> connectionClosed(peer, ch));
                f.complete(ch);
            } else {
                f.completeExceptionally(done.cause());
            }
        });
        return f;
    }

    private void connectionClosed(Peer peer, Channel ch) {
        connections.computeIfPresent(peer, (p, f) -> f.isDone() && !f.isCompletedExceptionally() && f.join() == ch ? null : f);
        for (Map.Entry<Long, PendingCall> e : pending.entrySet()) {
            if (e.getValue().sentOn == ch) {
                fail(e.getKey(), new ConnectionLostException("connection to " + peer.id() + " at "
                        + hostPort(peer.address()) + " closed before the answer arrived"));
            }
        }
    }

    private void expire(long id, Duration timeout) {
        PendingCall call = pending.remove(id);
        if (call != null) {
            call.result().completeExceptionally(new OperationTimeoutException("no answer from " + call.peer().id()
                    + " within " + timeout.toMillis() + " ms; the request may or may not have been applied"));
        }
    }

    private void fail(long id, Throwable error) {
        PendingCall call = pending.remove(id);
        if (call != null) {
            call.result().completeExceptionally(error);
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<Frame> {
        private final Peer peer;

        ResponseHandler(Peer peer) {
            this.peer = peer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            LinkFaults.Verdict v = linkFaults.decide(peer.id(), selfId);
            if (v.drop()) {
                return;
            }
            if (v.delayed()) {
                ctx.channel().eventLoop().schedule(() -> answer(frame), v.delay().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                answer(frame);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("rpc {}: closing connection to {}: {}", selfId, peer.id(), RpcServer.rootMessage(cause));
            ctx.close();
        }
    }

    private void answer(Frame frame) {
        PendingCall call = pending.remove(frame.id());
        if (call == null) {
            return; // timed out or failed already; the late answer has nobody to go to
        }
        String peer = call.peer().id();
        if (frame instanceof Frame.Response r) {
            if (call.responseType().isInstance(r.message())) {
                call.result().complete(r.message());
            } else {
                call.result().completeExceptionally(new OutcomeUnknownException(peer + " answered with "
                        + r.message().getClass().getSimpleName() + " where " + call.responseType().getSimpleName()
                        + " was expected"));
            }
        } else if (frame instanceof Frame.Error e) {
            call.result().completeExceptionally(e.code().toException(e.message()));
        } else if (frame instanceof Frame.Malformed m) {
            call.result().completeExceptionally(new OutcomeUnknownException("unreadable answer from " + peer + ": "
                    + m.reason()));
        } else {
            call.result().completeExceptionally(new OutcomeUnknownException(peer + " sent a request frame as an answer"));
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (CompletableFuture<Channel> f : connections.values()) {
            f.thenAccept(Channel::close);
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        } else {
            for (CompletableFuture<Channel> f : connections.values()) {
                f.thenAccept(ch -> ch.close().awaitUninterruptibly());
            }
        }
        timer.stop();
        for (Long id : pending.keySet()) {
            fail(id, new ConnectionLostException("rpc client of " + selfId + " closed before the answer arrived"));
        }
    }
}
