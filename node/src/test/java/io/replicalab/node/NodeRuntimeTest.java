package io.replicalab.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.LinkFault;
import io.replicalab.api.OperationTimeoutException;
import io.replicalab.api.Outcome;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.node.admin.AdminClient;
import io.replicalab.node.rpc.LinkFaults;
import io.replicalab.node.rpc.MessageRegistry;
import io.replicalab.node.rpc.RpcClient;
import io.replicalab.node.rpc.RpcClientOptions;
import io.replicalab.node.rpc.Wire;
import io.replicalab.node.testing.TestClusters;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's lifecycle: start, serve through RPC, stop, restart from its data dir, refuse bad starts. */
class NodeRuntimeTest {
    /** A minimal single-replica store, only to drive the runtime from a test. */
    record StorePut(String key, byte[] value) {
    }

    record StoreGet(String key) {
    }

    record StoreValue(boolean present, byte[] value) {
    }

    static final MessageRegistry REGISTRY = MessageRegistry.withBuiltins()
            .register(100, StorePut.class, new io.replicalab.node.rpc.MessageCodec<>() {
                @Override
                public void encode(StorePut m, io.netty.buffer.ByteBuf out) {
                    Wire.writeString(out, m.key());
                    Wire.writeBytes(out, m.value());
                }

                @Override
                public StorePut decode(io.netty.buffer.ByteBuf in) {
                    return new StorePut(Wire.readString(in), Wire.readBytes(in));
                }
            })
            .register(101, StoreGet.class, new io.replicalab.node.rpc.MessageCodec<>() {
                @Override
                public void encode(StoreGet m, io.netty.buffer.ByteBuf out) {
                    Wire.writeString(out, m.key());
                }

                @Override
                public StoreGet decode(io.netty.buffer.ByteBuf in) {
                    return new StoreGet(Wire.readString(in));
                }
            })
            .register(102, StoreValue.class, new io.replicalab.node.rpc.MessageCodec<>() {
                @Override
                public void encode(StoreValue m, io.netty.buffer.ByteBuf out) {
                    out.writeBoolean(m.present());
                    Wire.writeBytes(out, m.value());
                }

                @Override
                public StoreValue decode(io.netty.buffer.ByteBuf in) {
                    return new StoreValue(in.readBoolean(), Wire.readBytes(in));
                }
            });

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private RpcClient client;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private NodeRuntime startStore(ClusterSpec spec, String id) {
        NodeRuntime node = NodeRuntime.start(spec, id, "test-store", REGISTRY);
        open.add(node);
        node.rpc().handle(StorePut.class, (from, put) -> node.storage()
                .put(put.key().getBytes(StandardCharsets.UTF_8), put.value())
                .thenApply(v -> new StoreValue(true, put.value())));
        node.rpc().handle(StoreGet.class, (from, get) -> CompletableFuture.completedFuture(
                node.storage().get(get.key().getBytes(StandardCharsets.UTF_8))
                        .map(v -> new StoreValue(true, v)).orElse(new StoreValue(false, new byte[0]))));
        return node;
    }

    private RpcClient client() {
        if (client == null) {
            client = new RpcClient("client-1", REGISTRY, new LinkFaults(),
                    new RpcClientOptions(1 << 20, Duration.ofMillis(500), Duration.ofMillis(500)));
            open.add(client);
        }
        return client;
    }

    private StoreValue call(NodeSpec node, Object request) throws Exception {
        return client().call(node.id(), new InetSocketAddress(node.host(), node.port()), request, StoreValue.class)
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void aNodeRestartedFromItsDataDirServesWhatItHad() throws Exception {
        ClusterSpec spec = TestClusters.loopback("test-store", 1, dataDir);
        NodeSpec n1 = spec.requireNode("n1");
        NodeRuntime first = startStore(spec, "n1");
        for (int i = 0; i < 50; i++) {
            call(n1, new StorePut("k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        first.close();

        startStore(spec, "n1");
        for (int i = 0; i < 50; i++) {
            StoreValue v = call(n1, new StoreGet("k" + i));
            assertTrue(v.present(), "k" + i + " survived the restart");
            assertArrayEquals(("v" + i).getBytes(StandardCharsets.UTF_8), v.value());
        }
        assertTrue(Files.exists(spec.storage().nodeDir("n1").resolve(NodeDataDir.IDENTITY_FILE)));
    }

    @Test
    void rpcPortInUseFailsClearlyAndReleasesTheDataDir() throws Exception {
        ClusterSpec spec = TestClusters.loopback("test-store", 1, dataDir);
        NodeSpec n1 = spec.requireNode("n1");
        try (ServerSocket squatter = new ServerSocket(n1.port(), 1, java.net.InetAddress.getLoopbackAddress())) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> NodeRuntime.start(spec, "n1", "test-store", REGISTRY));
            assertTrue(e.getMessage().contains(String.valueOf(n1.port())), e.getMessage());
            assertTrue(e.getMessage().contains("pick a free port"), e.getMessage());
        }
        // The failed start must not leave the dir locked or the admin port bound.
        startStore(spec, "n1");
        assertEquals(false, call(n1, new StoreGet("nothing")).present());
    }

    @Test
    void twoNodesOnOneDataDirAreRefused() {
        ClusterSpec spec = TestClusters.loopback("test-store", 2, dataDir);
        startStore(spec, "n1");
        // Same node id twice in one host (e.g. a second process started by mistake).
        ClusterSpec sameIdOtherPorts = spec.withNodes(List.of(spec.nodes().get(1).withId("n1")));
        NodeStartException e = assertThrows(NodeStartException.class,
                () -> NodeRuntime.start(sameIdOtherPorts, "n1", "test-store", REGISTRY));
        assertTrue(e.getMessage().contains("in use by another node or process"), e.getMessage());
    }

    @Test
    void corruptStorageOnRestartIsReportedNotSilentlyEmptied() throws Exception {
        ClusterSpec spec = TestClusters.loopback("test-store", 1, dataDir);
        NodeSpec n1 = spec.requireNode("n1");
        NodeRuntime first = startStore(spec, "n1");
        call(n1, new StorePut("k", "v".getBytes(StandardCharsets.UTF_8)));
        first.close();
        Path kv = spec.storage().nodeDir("n1").resolve("kv");
        Files.writeString(kv.resolve("CURRENT"), "MANIFEST-999999\n");

        NodeStartException e = assertThrows(NodeStartException.class, () -> NodeRuntime.start(spec, "n1", "test-store", REGISTRY));
        assertTrue(e.getMessage().contains("corrupt") || e.getMessage().contains("MANIFEST"), e.getMessage());
        assertTrue(e.getMessage().contains(kv.toString()), e.getMessage());
    }

    @Test
    void linkFaultsSetThroughTheAdminEndpointCutAndHealTheRpcPath() throws Exception {
        ClusterSpec spec = TestClusters.loopback("test-store", 1, dataDir);
        NodeSpec n1 = spec.requireNode("n1");
        NodeRuntime node = startStore(spec, "n1");
        call(n1, new StorePut("k", "v".getBytes(StandardCharsets.UTF_8)));
        AdminClient admin = new AdminClient("127.0.0.1", node.adminAddress().getPort(), null);

        admin.blockLink("client-1", "n1");
        assertEquals(List.of(LinkFault.block("client-1", "n1")), node.status().linkFaults());
        ExecutionException cut = assertThrows(ExecutionException.class, () -> call(n1, new StoreGet("k")));
        assertTrue(cut.getCause() instanceof OperationTimeoutException, cut.getCause().toString());
        assertEquals(Outcome.INFO, Outcome.ofFailure(cut));

        admin.healAllLinks();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(call(n1, new StoreGet("k")).present()));
    }

    @Test
    void statusDescribesStorageAndBackendDetails() {
        ClusterSpec spec = TestClusters.loopback("test-store", 1, dataDir, "rocksdb", "batch(5ms)");
        NodeRuntime node = startStore(spec, "n1");
        node.addStatus("role", () -> "replica");
        var status = new AdminClient("127.0.0.1", node.adminAddress().getPort(), null).status();
        assertEquals("n1", status.nodeId());
        assertEquals("test-store", status.backend());
        assertTrue(status.storage().contains("batch(5ms)"), status.storage());
        assertEquals("replica", status.details().get("role"));
        assertEquals(ProcessHandle.current().pid(), status.pid());
    }
}
