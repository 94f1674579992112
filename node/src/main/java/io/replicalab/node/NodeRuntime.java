package io.replicalab.node;

import io.replicalab.api.AdjustableClock;
import io.replicalab.api.Clock;
import io.replicalab.api.FaultControl;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.api.config.RpcSpec;
import io.replicalab.node.admin.AdminServer;
import io.replicalab.node.admin.NodeStatus;
import io.replicalab.node.rpc.LinkFaults;
import io.replicalab.node.rpc.MessageRegistry;
import io.replicalab.node.rpc.RpcClient;
import io.replicalab.node.rpc.RpcClientOptions;
import io.replicalab.node.rpc.RpcServer;
import io.replicalab.node.rpc.RpcServerOptions;
import io.replicalab.node.rpc.RpcThreads;
import io.replicalab.node.storage.StorageEngine;
import io.replicalab.node.storage.StorageEngines;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a replica process is made of that no protocol owns: its locked data dir, storage
 * engine, RPC server and peer client (both behind the node's link-fault filter), clock and admin
 * endpoint. A backend builds its replica on top and registers its message handlers on {@link #rpc()}.
 *
 * <p>Start order puts storage first, so a locked or corrupt data dir fails before any port is
 * opened; a failure part-way closes what was already open.
 */
public final class NodeRuntime implements AutoCloseable {
    /** Admin resource: requests served per message type since the node started ({@link RpcServer#requestsServed}). */
    public static final String RPC_REQUESTS_RESOURCE = "rpc-requests";
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    private final ClusterSpec cluster;
    private final NodeSpec self;
    private final String backend;
    private final AdjustableClock clock;
    private final LinkFaults linkFaults;
    private final LocalFaultControl faults;
    private final NodeDataDir dataDir;
    private final StorageEngine storage;
    private final RpcServer rpc;
    private final RpcClient peers;
    private final AdminServer admin;
    private final long startedNanos = System.nanoTime();
    private final Map<String, Supplier<Object>> statusDetails = new ConcurrentHashMap<>();
    private final Map<String, InetSocketAddress> peerAddresses = new ConcurrentHashMap<>();
    private final Deque<AutoCloseable> closeables;
    private volatile boolean closed;

    private NodeRuntime(Builder b, Deque<AutoCloseable> closeables) {
        this.cluster = b.cluster;
        this.self = b.self;
        this.backend = b.backend;
        this.clock = b.clock;
        this.linkFaults = b.linkFaults;
        this.faults = b.faults;
        this.dataDir = b.dataDir;
        this.storage = b.storage;
        this.rpc = b.rpc;
        this.peers = b.peers;
        this.admin = b.admin;
        this.closeables = closeables;
    }

    /**
     * Starts node {@code nodeId} of {@code cluster} for {@code backend}, with the backend's messages
     * in {@code registry}.
     *
     * @throws NodeStartException with a one-line, actionable message
     */
    public static NodeRuntime start(ClusterSpec cluster, String nodeId, String backend, MessageRegistry registry) {
        Builder b = new Builder();
        b.cluster = cluster;
        b.self = cluster.requireNode(nodeId);
        b.backend = backend;
        b.clock = AdjustableClock.system();
        b.linkFaults = new LinkFaults();
        b.faults = new LocalFaultControl(nodeId, b.linkFaults, b.clock);
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            b.dataDir = NodeDataDir.open(cluster.storage().nodeDir(nodeId), cluster.name(), nodeId);
            opened.push(b.dataDir);
            b.storage = StorageEngines.open(cluster.storage(), b.dataDir.subdir("kv"));
            opened.push(b.storage);
            RpcSpec rpcSpec = cluster.rpc();
            RpcThreads threads = new RpcThreads("rpc-" + nodeId, 2);
            opened.push(threads);
            b.rpc = RpcServer.start(new RpcServerOptions(nodeId, b.self.host(), b.self.port(), rpcSpec.maxFrameBytes()),
                    registry, b.linkFaults, threads);
            opened.push(b.rpc);
            b.peers = new RpcClient(nodeId, registry, b.linkFaults,
                    new RpcClientOptions(rpcSpec.maxFrameBytes(), rpcSpec.connectTimeout(), rpcSpec.requestTimeout()), threads);
            opened.push(b.peers);
            NodeRuntime[] holder = new NodeRuntime[1];
            b.admin = AdminServer.start(nodeId, cluster.admin(), b.self.adminPort(), b.faults, () -> holder[0].status());
            opened.push(b.admin);
            RpcServer served = b.rpc;
            b.admin.addResource(RPC_REQUESTS_RESOURCE, q -> served.requestsServed());
            holder[0] = new NodeRuntime(b, opened);
            LOG.info("node {} ({}) serving on {}, admin on {}, storage {}", nodeId, backend, b.rpc.localAddress(),
                    b.admin.localAddress(), b.storage.describe());
            return holder[0];
        } catch (RuntimeException e) {
            closeAll(opened);
            if (e instanceof NodeStartException) {
                throw e;
            }
            throw new NodeStartException("node " + nodeId + " failed to start: " + e.getMessage(), e);
        }
    }

    public ClusterSpec cluster() {
        return cluster;
    }

    public NodeSpec self() {
        return self;
    }

    public String nodeId() {
        return self.id();
    }

    public Clock clock() {
        return clock;
    }

    public FaultControl faults() {
        return faults;
    }

    public StorageEngine storage() {
        return storage;
    }

    public NodeDataDir dataDir() {
        return dataDir;
    }

    /** The server side: register the backend's handlers here. */
    public RpcServer rpc() {
        return rpc;
    }

    public InetSocketAddress adminAddress() {
        return admin.localAddress();
    }

    /** Calls peer {@code peerId} of the cluster through this node's link-fault filter. */
    public <R> CompletableFuture<R> callPeer(String peerId, Object request, Class<R> responseType, Duration timeout) {
        InetSocketAddress address = peerAddresses.computeIfAbsent(peerId, id -> {
            NodeSpec peer = cluster.requireNode(id);
            return new InetSocketAddress(peer.host(), peer.port()); // resolved once, not per call
        });
        return peers.call(peerId, address, request, responseType, timeout);
    }

    /** Adds a backend-specific entry to the node's status (role, term, log position, ...). */
    public void addStatus(String key, Supplier<Object> value) {
        statusDetails.put(key, value);
    }

    /** Serves a backend's read-only data on the admin endpoint at {@code GET /<name>}. */
    public void addAdminResource(String name, java.util.function.Function<Map<String, String>, Object> resource) {
        admin.addResource(name, resource);
    }

    public NodeStatus status() {
        Map<String, Object> details = new LinkedHashMap<>();
        statusDetails.forEach((k, v) -> details.put(k, v.get()));
        return new NodeStatus(self.id(), backend, ProcessHandle.current().pid(),
                Duration.ofNanos(System.nanoTime() - startedNanos).toMillis(), clock.offset().toMillis(),
                storage.describe(), faults.linkFaults(), details);
    }

    /** Graceful stop: admin and RPC first (no new work), then storage, then the data dir lock. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAll(closeables);
        LOG.info("node {} stopped", self.id());
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            AutoCloseable c = opened.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", c, e);
            }
        }
    }

    private static final class Builder {
        ClusterSpec cluster;
        NodeSpec self;
        String backend;
        AdjustableClock clock;
        LinkFaults linkFaults;
        LocalFaultControl faults;
        NodeDataDir dataDir;
        StorageEngine storage;
        RpcServer rpc;
        RpcClient peers;
        AdminServer admin;
    }
}
