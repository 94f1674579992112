package io.replicalab.raft;

import io.replicalab.node.rpc.LinkFaults;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/**
 * The Ratis client transport of one {@link RaftKvClient}, with the client's own link faults applied.
 * Ratis's server-side hooks ({@link RatisLinkFaults}) see only server-to-server traffic, so the
 * client→node and node→client links are cut here, on the client side, consulting the client's
 * {@link LinkFaults} table under the client's id:
 * <ul>
 *   <li>{@code client -> node} blocked: the request is never sent; the attempt times out after the
 *       client's attempt timeout, exactly as a dropped message would;</li>
 *   <li>{@code node -> client} blocked: the request is sent (and may be applied), the reply is dropped,
 *       and the attempt times out the same way — the outcome is unknown, as it should be;</li>
 *   <li>a delay on either direction postpones the request (or the reply) by that much.</li>
 * </ul>
 */
final class ClientLinkFaultRpc implements RaftClientRpc {
    private final RaftClientRpc delegate;
    private final String clientName;
    private final LinkFaults faults;
    private final Duration attemptTimeout;

    ClientLinkFaultRpc(RaftClientRpc delegate, String clientName, LinkFaults faults, Duration attemptTimeout) {
        this.delegate = delegate;
        this.clientName = clientName;
        this.faults = faults;
        this.attemptTimeout = attemptTimeout;
    }

    @Override
    public CompletableFuture<RaftClientReply> sendRequestAsync(RaftClientRequest request) {
        return faulty(request, () -> delegate.sendRequestAsync(request));
    }

    @Override
    public CompletableFuture<RaftClientReply> sendRequestAsyncUnordered(RaftClientRequest request) {
        return faulty(request, () -> delegate.sendRequestAsyncUnordered(request));
    }

    @Override
    public RaftClientReply sendRequest(RaftClientRequest request) throws IOException {
        LinkFaults.Verdict out = faults.decide(clientName, node(request));
        LinkFaults.Verdict back = faults.decide(node(request), clientName);
        if (out.drop()) {
            sleep(attemptTimeout);
            throw dropped(request);
        }
        sleep(out.delay());
        RaftClientReply reply = delegate.sendRequest(request);
        if (back.drop()) {
            sleep(attemptTimeout);
            throw dropped(request);
        }
        sleep(back.delay());
        return reply;
    }

    private CompletableFuture<RaftClientReply> faulty(RaftClientRequest request,
                                                      Supplier<CompletableFuture<RaftClientReply>> send) {
        String node = node(request);
        LinkFaults.Verdict out = faults.decide(clientName, node);
        if (out.drop()) {
            return CompletableFuture.supplyAsync(() -> null, after(attemptTimeout))
                    .thenCompose(x -> CompletableFuture.failedFuture(dropped(request)));
        }
        CompletableFuture<RaftClientReply> sent = out.delayed()
                ? CompletableFuture.supplyAsync(() -> null, after(out.delay())).thenCompose(x -> send.get())
                : send.get();
        LinkFaults.Verdict back = faults.decide(node, clientName);
        if (back.drop()) {
            // The request went out and may be applied; only its reply is lost.
            return sent.handle((r, e) -> null).thenComposeAsync(x -> CompletableFuture.failedFuture(dropped(request)),
                    after(attemptTimeout));
        }
        return back.delayed() ? sent.thenApplyAsync(r -> r, after(back.delay())) : sent;
    }

    private static String node(RaftClientRequest request) {
        RaftPeerId server = request.getServerId();
        return server == null ? "" : server.toString();
    }

    private TimeoutIOException dropped(RaftClientRequest request) {
        return new TimeoutIOException(clientName + "->" + node(request) + " request #" + request.getCallId()
                + ": link fault, no reply within " + attemptTimeout.toMillis() + " ms");
    }

    private static Executor after(Duration delay) {
        return CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void sleep(Duration d) throws IOException {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted during a link fault");
        }
    }

    @Override
    public void addRaftPeers(Collection<RaftPeer> peers) {
        delegate.addRaftPeers(peers);
    }

    @Override
    public boolean handleException(RaftPeerId serverId, Throwable t, boolean reconnect) {
        return delegate.handleException(serverId, t, reconnect);
    }

    @Override
    public boolean shouldReconnect(Throwable e) {
        return delegate.shouldReconnect(e);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
