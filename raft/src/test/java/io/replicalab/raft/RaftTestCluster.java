package io.replicalab.raft;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.api.config.RpcSpec;
import io.replicalab.node.NodeDataDir;
import io.replicalab.node.testing.TestClusters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A Raft cluster of real Ratis servers (gRPC on loopback, logs under a temp dir) inside the test JVM. */
final class RaftTestCluster implements AutoCloseable {
    final ClusterSpec spec;
    private final Map<String, RaftNode> nodes = new ConcurrentHashMap<>();
    private final List<RaftKvClient> clients = new ArrayList<>();

    RaftTestCluster(Path dataDir, int size, Map<String, Object> settings) {
        ClusterSpec base = TestClusters.loopback(RaftBackend.NAME, size, dataDir, "rocksdb", "always");
        ObjectNode section = JsonNodeFactory.instance.objectNode()
                .put("election-timeout-min-ms", 200).put("election-timeout-max-ms", 400);
        ObjectMapper mapper = new ObjectMapper();
        settings.forEach((k, v) -> section.set(k, mapper.valueToTree(v)));
        this.spec = new ClusterSpec(base.name(), base.backend(), base.replication(), base.nodes(), base.storage(),
                new RpcSpec(null, 3000, 500, null), base.admin(), null, section, null);
        startAll(spec.nodeIds());
        // Tests start from a cluster that has elected its first leader: on a loaded 2-core machine the first
        // election can outlast a request deadline, which is not what the tests are about.
        awaitLeader();
    }

    /** Starts nodes in parallel (each Ratis server takes a while to come up). */
    void startAll(List<String> ids) {
        parallel(ids.stream().<Runnable>map(id -> () -> start(id)).toList());
    }

    RaftNode start(String id) {
        RaftNode node = RaftNode.start(spec, id);
        nodes.put(id, node);
        return node;
    }

    RaftNode node(String id) {
        return nodes.get(id);
    }

    List<RaftNode> running() {
        return List.copyOf(nodes.values());
    }

    /** The current leader, waiting until exactly one running node leads. */
    RaftNode awaitLeader() {
        RaftNode[] found = new RaftNode[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<RaftNode> leaders = nodes.values().stream().filter(RaftNode::isLeader).toList();
            found[0] = leaders.size() == 1 ? leaders.get(0) : null;
            return found[0] != null;
        });
        return found[0];
    }

    void stop(String id) {
        RaftNode node = nodes.remove(id);
        if (node != null) {
            node.close();
        }
    }

    void wipe(String id) throws IOException {
        stop(id);
        NodeDataDir.wipe(spec.storage().nodeDir(id));
    }

    RaftKvClient client() {
        RaftKvClient c = new RaftKvClient(spec);
        clients.add(c);
        return c;
    }

    /** A client that knows only {@code ids}. */
    RaftKvClient clientOf(String... ids) {
        List<String> wanted = List.of(ids);
        List<NodeSpec> only = spec.nodes().stream().filter(n -> wanted.contains(n.id())).toList();
        RaftKvClient c = new RaftKvClient(spec, only);
        clients.add(c);
        return c;
    }

    /**
     * A client bound to {@code id} alone: one attempt, no retry. (A client that merely knows one node is
     * not pinned: Ratis learns the other peers from a NotLeaderException and follows them.)
     */
    RaftKvClient pinnedTo(String id) {
        ObjectNode section = spec.raft().deepCopy().put("client-max-attempts", 1);
        ClusterSpec pinned = new ClusterSpec(spec.name(), spec.backend(), spec.replication(), spec.nodes(), spec.storage(),
                spec.rpc(), spec.admin(), null, section, null);
        RaftKvClient c = new RaftKvClient(pinned, spec.nodes().stream().filter(n -> n.id().equals(id)).toList());
        clients.add(c);
        return c;
    }

    /** Cuts both directions between {@code a} and every other node, inside Ratis. */
    void isolate(String a) {
        for (String other : spec.nodeIds()) {
            if (!other.equals(a)) {
                nodes.get(a).faults().partition(a, other);
            }
        }
    }

    void healAll() {
        nodes.values().forEach(n -> n.faults().healAllLinks());
    }

    @Override
    public void close() {
        clients.forEach(RaftKvClient::close);
        // Ratis servers take up to seconds to close: close them in parallel.
        parallel(new ArrayList<>(nodes.keySet()).stream().<Runnable>map(id -> () -> stop(id)).toList());
    }

    /** Runs each task on a thread of its own (the common pool has one thread on 2 cores) and waits for all. */
    static void parallel(List<Runnable> tasks) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, tasks.size()));
        try {
            CompletableFuture.allOf(tasks.stream().map(t -> CompletableFuture.runAsync(t, pool))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
    }
}
