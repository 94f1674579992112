package io.replicalab.singleleader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.RpcSpec;
import io.replicalab.node.testing.TestClusters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Single-leader nodes in this JVM (RPC on loopback, RocksDB under a temp dir), plus their clients. */
final class SingleLeaderTestCluster implements AutoCloseable {
    final ClusterSpec spec;
    private final Map<String, SingleLeaderNode> nodes = new ConcurrentHashMap<>();
    private final List<SingleLeaderClient> clients = new ArrayList<>();

    SingleLeaderTestCluster(Path dataDir, int size, Map<String, Object> settings) {
        ClusterSpec base = TestClusters.loopback(SingleLeaderBackend.NAME, size, dataDir, "rocksdb", "always");
        ObjectNode section = JsonNodeFactory.instance.objectNode().put("heartbeat-ms", 20).put("replica-timeout-ms", 500);
        ObjectMapper mapper = new ObjectMapper();
        settings.forEach((k, v) -> section.set(k, mapper.valueToTree(v)));
        this.spec = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                new RpcSpec(null, 2000, 500, null), base.admin(), null, null, section);
    }

    SingleLeaderTestCluster startAll() {
        spec.nodeIds().forEach(this::start);
        return this;
    }

    SingleLeaderNode start(String id) {
        SingleLeaderNode node = SingleLeaderNode.start(spec, id);
        nodes.put(id, node);
        return node;
    }

    SingleLeaderNode node(String id) {
        return nodes.get(id);
    }

    List<SingleLeaderNode> running() {
        return List.copyOf(nodes.values());
    }

    void stop(String id) {
        SingleLeaderNode node = nodes.remove(id);
        if (node != null) {
            node.close();
        }
    }

    SingleLeaderClient client() {
        SingleLeaderClient c = new SingleLeaderClient(spec);
        clients.add(c);
        return c;
    }

    /** A client that tries {@code node} first (it follows redirects from there). */
    SingleLeaderClient clientPreferring(String node) {
        SingleLeaderClient c = new SingleLeaderClient(spec, node);
        clients.add(c);
        return c;
    }

    /** Drops every message from {@code from} to {@code to} (set on the sender). */
    void block(String from, String to) {
        nodes.get(from).faults().blockLink(from, to);
    }

    void healAll() {
        nodes.values().forEach(n -> n.faults().healAllLinks());
    }

    @Override
    public void close() {
        clients.forEach(SingleLeaderClient::close);
        new ArrayList<>(nodes.keySet()).forEach(this::stop);
    }
}
