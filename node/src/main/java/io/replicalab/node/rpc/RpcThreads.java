package io.replicalab.node.rpc;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop threads one node's RPC server and client share. On a small machine running several
 * node processes, one pool per node (rather than one per server and one per client) means fewer
 * threads competing for the cores and fewer hand-offs between them.
 */
public final class RpcThreads implements AutoCloseable {
    private final EventLoopGroup group;

    public RpcThreads(String name, int threads) {
        this.group = Pipelines.newGroup(name, threads);
    }

    EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
