package io.replicalab.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSpecLoaderTest {

    private static final String NODES = """
            nodes:
              - {id: n1, host: 127.0.0.1, port: 7101, admin-port: 7201}
              - {id: n2, host: 127.0.0.1, port: 7102, admin-port: 7202}
              - {id: n3, host: 127.0.0.1, port: 7103, admin-port: 7203}
            """;

    @TempDir
    Path dir;

    @Test
    void loadsAFullConfigAndResolvesTheStorageDirAgainstTheFile() throws IOException {
        Path file = write("""
                name: demo
                backend: leaderless
                replication: {factor: 3, read-quorum: 2, write-quorum: 2}
                storage: {engine: rocksdb, dir: data, fsync: batch(5ms)}
                rpc: {max-frame-bytes: 65536, request-timeout-ms: 500}
                leaderless: {virtual-nodes: 64}
                """ + NODES);

        ClusterSpec spec = ClusterSpecLoader.load(file);

        assertEquals("demo", spec.name());
        assertEquals("leaderless", spec.backend());
        assertEquals(3, spec.replicationFactor());
        assertEquals(2, spec.defaultReadQuorum());
        assertEquals(dir.resolve("data"), spec.storage().dir());
        assertEquals(dir.resolve("data").resolve("n2"), spec.storage().nodeDir("n2"));
        assertEquals(new FsyncPolicy.Batch(java.time.Duration.ofMillis(5)), spec.storage().fsyncPolicy());
        assertEquals(65536, spec.rpc().maxFrameBytes());
        assertEquals(500, spec.rpc().requestTimeoutMs());
        assertEquals(64, spec.backendSection("leaderless").orElseThrow().get("virtual-nodes").asInt());
        assertTrue(spec.backendSection("raft").isEmpty());
        assertEquals("127.0.0.1:7103", spec.requireNode("n3").rpcAddress());
    }

    @Test
    void defaultsQuorumsToMajorityAndStorageToRocksdbWithFsyncAlways() {
        ClusterSpec spec = ClusterSpecLoader.parse("backend: raft\n" + NODES, dir);

        assertEquals(3, spec.replicationFactor());
        assertEquals(2, spec.defaultReadQuorum());
        assertEquals(2, spec.defaultWriteQuorum());
        assertEquals(StorageSpec.ROCKSDB, spec.storage().engine());
        assertEquals(new FsyncPolicy.Always(), spec.storage().fsyncPolicy());
        assertTrue(spec.admin().isLoopback());
    }

    @Test
    void missingFileNamesTheFileAndTheFlag() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSpecLoader.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void malformedYamlNamesLineAndFix() throws IOException {
        Path file = write("backend: raft\nnodes: [\n  - id: n1\n\tport: 7101\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSpecLoader.load(file));
        assertTrue(e.getMessage().startsWith("malformed YAML in " + file), e.getMessage());
        assertTrue(e.getMessage().contains("line "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void unknownKeyIsNamedWithItsPathAndTheValidKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: raft\nstorage: {engin: memory}\n" + NODES, dir));
        assertTrue(e.getMessage().contains("unknown key 'engin' at storage"), e.getMessage());
        assertTrue(e.getMessage().contains("engine"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheField() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: raft\nreplication: {factor: three}\n" + NODES, dir));
        assertTrue(e.getMessage().contains("replication.factor"), e.getMessage());
    }

    @Test
    void missingBackendSaysWhichValuesExist() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSpecLoader.parse(NODES, dir));
        assertTrue(e.getMessage().contains("backend: is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("leaderless, raft or single-leader"), e.getMessage());
    }

    @Test
    void readQuorumAboveReplicationFactorIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: leaderless\nreplication: {factor: 3, read-quorum: 4}\n" + NODES, dir));
        assertEquals("replication.read-quorum: R=4 exceeds the replication factor N=3: choose R <= 3", e.getMessage());
    }

    @Test
    void writeQuorumAboveReplicationFactorIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: leaderless\nreplication: {factor: 2, write-quorum: 3}\n" + NODES, dir));
        assertTrue(e.getMessage().startsWith("replication.write-quorum: W=3 exceeds the replication factor N=2"), e.getMessage());
    }

    @Test
    void replicationFactorAboveNodeCountIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: leaderless\nreplication: {factor: 5}\n" + NODES, dir));
        assertTrue(e.getMessage().contains("N=5 but the cluster has 3 nodes"), e.getMessage());
    }

    @Test
    void duplicateNodeIdIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSpecLoader.parse("""
                backend: raft
                nodes:
                  - {id: n1, port: 7101, admin-port: 7201}
                  - {id: n1, port: 7102, admin-port: 7202}
                """, dir));
        assertEquals("nodes[1].id: duplicate node id 'n1': give every node a unique id", e.getMessage());
    }

    @Test
    void portClashBetweenNodesIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSpecLoader.parse("""
                backend: raft
                nodes:
                  - {id: n1, port: 7101, admin-port: 7201}
                  - {id: n2, port: 7201, admin-port: 7202}
                """, dir));
        assertTrue(e.getMessage().startsWith("nodes[1].port: port clash: 127.0.0.1:7201 is already used by nodes[0].admin-port"),
                e.getMessage());
    }

    @Test
    void portOutOfRangeIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: raft\nnodes:\n  - {id: n1, port: 70000, admin-port: 7201}\n", dir));
        assertEquals("nodes[0].port: 70000 is not a TCP port: use 1..65535", e.getMessage());
    }

    @Test
    void missingPortIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: raft\nnodes:\n  - {id: n1, admin-port: 7201}\n", dir));
        assertEquals("nodes[0].port is missing: set a TCP port in 1..65535", e.getMessage());
    }

    @Test
    void badNodeIdIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: raft\nnodes:\n  - {id: 'n 1', port: 7101, admin-port: 7201}\n", dir));
        assertTrue(e.getMessage().startsWith("nodes[0].id: 'n 1' is not a valid node id"), e.getMessage());
    }

    @Test
    void emptyNodeListIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSpecLoader.parse("backend: raft\n", dir));
        assertTrue(e.getMessage().startsWith("nodes: is empty"), e.getMessage());
    }

    @Test
    void unknownStorageEngineAndFsyncPolicyAreRejected() {
        ConfigException engine = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: raft\nstorage: {engine: leveldb}\n" + NODES, dir));
        assertEquals("storage.engine: unknown engine 'leveldb': use rocksdb or memory", engine.getMessage());
        ConfigException fsync = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: raft\nstorage: {fsync: sometimes}\n" + NODES, dir));
        assertTrue(fsync.getMessage().contains("storage.fsync: 'sometimes' is not a policy"), fsync.getMessage());
    }

    @Test
    void nonLoopbackAdminNeedsAToken() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSpecLoader.parse("backend: raft\nadmin: {bind: 0.0.0.0}\n" + NODES, dir));
        assertTrue(e.getMessage().contains("admin.token is not set"), e.getMessage());
        ClusterSpec ok = ClusterSpecLoader.parse("backend: raft\nadmin: {bind: 0.0.0.0, token: s3cret}\n" + NODES, dir);
        assertFalse(ok.admin().isLoopback());
    }

    @Test
    void frameLimitMustLeaveRoomForTheLargestValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSpecLoader.parse(
                "backend: raft\nrpc: {max-frame-bytes: 4096, max-value-bytes: 4000}\n" + NODES, dir));
        assertTrue(e.getMessage().startsWith("rpc.max-value-bytes: 4000"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path file = write("");
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSpecLoader.load(file));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void unknownNodeIdListsTheKnownOnes() {
        ClusterSpec spec = ClusterSpecLoader.parse("backend: raft\n" + NODES, dir);
        ConfigException e = assertThrows(ConfigException.class, () -> spec.requireNode("n9"));
        assertEquals("node id 'n9' is not in the config: use one of n1, n2, n3", e.getMessage());
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
