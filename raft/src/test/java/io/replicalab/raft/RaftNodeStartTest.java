package io.replicalab.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ConfigException;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.node.NodeStartException;
import io.replicalab.node.testing.TestClusters;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at start: clear errors, never a System.exit from inside Ratis. */
class RaftNodeStartTest {
    @TempDir
    Path dataDir;

    private ClusterSpec spec() {
        return TestClusters.loopback(RaftBackend.NAME, 3, dataDir);
    }

    @Test
    void portInUseIsAClearError() throws Exception {
        ClusterSpec spec = spec();
        NodeSpec n1 = spec.requireNode("n1");
        try (ServerSocket taken = new ServerSocket(n1.port(), 1, InetAddress.getLoopbackAddress())) {
            NodeStartException e = assertThrows(NodeStartException.class, () -> RaftNode.start(spec, "n1"));
            assertTrue(e.getMessage().contains("127.0.0.1:" + n1.port()), e.getMessage());
            assertTrue(e.getMessage().contains("pick a free port"), e.getMessage());
        }
        // The dir lock was released: the node starts once the port is free.
        RaftNode.start(spec, "n1").close();
    }

    @Test
    void twoNodesOnOneStorageDirIsAClearError() {
        ClusterSpec spec = spec();
        try (RaftNode n1 = RaftNode.start(spec, "n1")) {
            NodeStartException e = assertThrows(NodeStartException.class, () -> RaftNode.start(spec, "n1"));
            assertTrue(e.getMessage().contains("is in use by another node or process"), e.getMessage());
        }
        // Once the first one stopped, the dir is free again.
        RaftNode.start(spec, "n1").close();
    }

    @Test
    void unknownSettingIsAOneLineConfigError() {
        ClusterSpec base = spec();
        ClusterSpec bad = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, JsonNodeFactory.instance.objectNode().put("election-timeout", 5), null);
        ConfigException e = assertThrows(ConfigException.class, () -> RaftOptions.from(bad));
        assertTrue(e.getMessage().startsWith("raft.election-timeout is not a setting: valid settings are"), e.getMessage());
        ClusterSpec inverted = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, JsonNodeFactory.instance.objectNode()
                .put("election-timeout-min-ms", 500).put("election-timeout-max-ms", 400), null);
        assertThrows(ConfigException.class, () -> RaftOptions.from(inverted));
        ClusterSpec badApi = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, JsonNodeFactory.instance.objectNode().put("client-writes", "streaming"), null);
        assertEquals("raft.client-writes: 'streaming' is unknown: use blocking (the default) or async",
                assertThrows(ConfigException.class, () -> RaftOptions.from(badApi)).getMessage());
        assertEquals(150, RaftOptions.defaults().electionTimeoutMinMs());
        assertEquals(600, RaftOptions.defaults().electionTimeoutMaxMs());
        ClusterSpec minOnly = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, JsonNodeFactory.instance.objectNode().put("election-timeout-min-ms", 400), null);
        assertEquals(800, RaftOptions.from(minOnly).electionTimeoutMaxMs(), "a minimum alone keeps max = 2 x min when that is more");
        ClusterSpec noBatching = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, JsonNodeFactory.instance.objectNode().put("client-batch-max-ops", 0), null);
        assertTrue(assertThrows(ConfigException.class, () -> RaftOptions.from(noBatching)).getMessage()
                .startsWith("raft.client-batch-max-ops: 0 is out of range"));
        assertTrue(RaftOptions.defaults().readBatching(), "linearizable reads are batched by default");
        assertFalse(RaftOptions.defaults().readLease(), "lease reads are off by default");
        assertTrue(RaftOptions.defaults().readsThroughLog(), "linearizable reads go through the log by default");
        ClusterSpec badReads = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, JsonNodeFactory.instance.objectNode().put("linearizable-reads", "lease"), null);
        assertEquals("raft.linearizable-reads: 'lease' is unknown: use log (the default) or read-index",
                assertThrows(ConfigException.class, () -> RaftOptions.from(badReads)).getMessage());
        ClusterSpec noReadSlots = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, JsonNodeFactory.instance.objectNode().put("read-batches-in-flight", 0), null);
        assertEquals("raft.read-batches-in-flight: 0 is out of range: use 1 to 1024",
                assertThrows(ConfigException.class, () -> RaftOptions.from(noReadSlots)).getMessage());
        ClusterSpec badFlag = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                base.rpc(), base.admin(), null, JsonNodeFactory.instance.objectNode().put("read-batching", "sometimes"), null);
        String flag = assertThrows(ConfigException.class, () -> RaftOptions.from(badFlag)).getMessage();
        assertTrue(flag.startsWith("raft") && flag.contains("sometimes") && !flag.contains("\n"), flag);
    }

    @Test
    void corruptRaftStorageIsAOneLineErrorNamingTheDirAndTheFix() throws Exception {
        java.nio.file.Path raftDir;
        try (RaftTestCluster cluster = new RaftTestCluster(dataDir, 3, java.util.Map.of())) {
            for (int i = 0; i < 5; i++) {
                cluster.client().blocking().put("k" + i, "v".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            raftDir = cluster.spec.storage().nodeDir("n1").resolve("raft");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> cluster.node("n1").localValue("k4") != null);
            cluster.stop("n1");
            java.util.List<java.nio.file.Path> segments;
            try (var files = java.nio.file.Files.walk(raftDir)) {
                segments = files.filter(f -> f.getFileName().toString().startsWith("log_")).toList();
            }
            assertTrue(!segments.isEmpty(), "n1 has log segments in " + raftDir);
            for (java.nio.file.Path segment : segments) {
                byte[] bytes = java.nio.file.Files.readAllBytes(segment);
                for (int i = bytes.length / 4; i < bytes.length; i++) {
                    bytes[i] = (byte) 0x5A; // garbage over the entries
                }
                java.nio.file.Files.write(segment, bytes);
            }
            NodeStartException e = assertThrows(NodeStartException.class, () -> RaftNode.start(cluster.spec, "n1"));
            assertTrue(e.getMessage().contains(raftDir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("wipe"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }
}
