package io.replicalab.leaderless;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.api.config.ReplicationSpec;
import io.replicalab.api.config.RpcSpec;
import io.replicalab.node.NodeDataDir;
import io.replicalab.node.testing.TestClusters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A leaderless cluster of real nodes (RocksDB, loopback RPC) inside the test JVM. */
final class LeaderlessTestCluster implements AutoCloseable {
    static final int VNODES = 16;
    final ClusterSpec spec;
    private final Map<String, LeaderlessNode<?>> nodes = new LinkedHashMap<>();
    private final List<LeaderlessClient> clients = new ArrayList<>();

    LeaderlessTestCluster(Path dataDir, int size, String conflicts) {
        this(dataDir, size, conflicts, Map.of());
    }

    /** @param settings extra {@code leaderless:} settings, e.g. {@code read-repair: off} */
    LeaderlessTestCluster(Path dataDir, int size, String conflicts, Map<String, Object> settings) {
        ClusterSpec base = TestClusters.loopback(LeaderlessBackend.NAME, size, dataDir, "rocksdb", "always");
        ObjectNode section = JsonNodeFactory.instance.objectNode().put("conflicts", conflicts).put("vnodes", VNODES)
                .put("gossip-interval-ms", 100).put("hint-replay-interval-ms", 100).put("anti-entropy-interval-ms", 0);
        settings.forEach((k, v) -> section.set(k, new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(v)));
        this.spec = new ClusterSpec(base.name(), base.backend(), new ReplicationSpec(3, 2, 2), base.nodes(),
                base.storage(), new RpcSpec(null, 3000, 500, null), base.admin(), section, null, null);
        for (NodeSpec n : spec.nodes()) {
            start(n.id());
        }
    }

    LeaderlessNode<?> start(String id) {
        LeaderlessNode<?> node = LeaderlessNode.start(spec, id);
        nodes.put(id, node);
        return node;
    }

    LeaderlessNode<?> node(String id) {
        return nodes.get(id);
    }

    /** Stops a node as a crash would, from the cluster's point of view (its ports close). */
    void stop(String id) {
        LeaderlessNode<?> node = nodes.remove(id);
        if (node != null) {
            node.close();
        }
    }

    void wipe(String id) throws IOException {
        stop(id);
        NodeDataDir.wipe(spec.storage().nodeDir(id));
    }

    /** A client whose first request is coordinated by {@code nodeId} (then round-robin from there). */
    LeaderlessClient clientVia(String nodeId) {
        List<NodeSpec> rotated = new ArrayList<>(spec.nodes());
        while (!rotated.get(0).id().equals(nodeId)) {
            rotated.add(rotated.remove(0));
        }
        LeaderlessClient client = new LeaderlessClient(spec.withNodes(rotated));
        clients.add(client);
        return client;
    }

    /** A client that uses only {@code ids} as coordinators (the ring still spans every node). */
    LeaderlessClient clientOf(String... ids) {
        List<String> wanted = List.of(ids);
        LeaderlessClient client = new LeaderlessClient(spec.withNodes(spec.nodes().stream()
                .filter(n -> wanted.contains(n.id())).toList()));
        clients.add(client);
        return client;
    }

    /** The ring the nodes use, to pick keys with a known preference list. */
    io.replicalab.leaderless.ring.HashRing ring() {
        return new io.replicalab.leaderless.ring.HashRing(spec.nodes().stream().map(NodeSpec::id).toList(), VNODES);
    }

    /** Drops everything {@code from} sends to {@code to}, at the sender. */
    void block(String from, String to) {
        nodes.get(from).faults().blockLink(from, to);
    }

    void healAll() {
        nodes.values().forEach(n -> n.faults().healAllLinks());
    }

    @Override
    public void close() {
        clients.forEach(LeaderlessClient::close);
        new ArrayList<>(nodes.keySet()).forEach(this::stop);
    }
}
