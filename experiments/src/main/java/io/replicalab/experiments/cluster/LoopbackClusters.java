package io.replicalab.experiments.cluster;

import io.replicalab.api.config.AdminSpec;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.api.config.ReplicationSpec;
import io.replicalab.api.config.RpcSpec;
import io.replicalab.api.config.StorageSpec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Cluster specs on loopback with ports that are free at run time, for benchmarks and experiments. */
public final class LoopbackClusters {
    private LoopbackClusters() {
    }

    /**
     * Nodes n1..n{size} on 127.0.0.1, RPC and admin ports free a moment ago, below the ephemeral range so a
     * node restarted after a kill finds its port still free ({@link StablePorts}).
     */
    public static List<NodeSpec> nodes(int size) {
        int[] ports = StablePorts.pick(2 * size);
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new NodeSpec("n" + (i + 1), "127.0.0.1", ports[2 * i], ports[2 * i + 1]));
        }
        return nodes;
    }

    /**
     * A spec for {@code backend} with RocksDB under {@code dataDir} and the given fsync policy and quorums.
     * Every port is free at run time, including the embedded ZooKeeper's of the single-leader section
     * (other backends ignore that section).
     */
    public static ClusterSpec spec(String backend, int size, Path dataDir, String fsync, ReplicationSpec replication) {
        ObjectNode singleLeader = JsonNodeFactory.instance.objectNode().put("zookeeper-port", freePorts(1)[0]);
        return new ClusterSpec("bench", backend, replication, nodes(size), new StorageSpec(StorageSpec.ROCKSDB, dataDir, fsync),
                RpcSpec.defaults(), AdminSpec.defaults(), null, null, singleLeader);
    }

    /** Distinct ports that were free a moment ago (all held open until every one is picked). */
    public static int[] freePorts(int count) {
        return io.replicalab.node.FreePorts.pick(count);
    }
}
