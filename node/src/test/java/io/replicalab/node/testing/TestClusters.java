package io.replicalab.node.testing;

import io.replicalab.api.config.AdminSpec;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.api.config.ReplicationSpec;
import io.replicalab.api.config.RpcSpec;
import io.replicalab.api.config.StorageSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Cluster specs for tests: loopback, ports chosen free at run time, data under a test's temp dir. */
public final class TestClusters {
    private TestClusters() {
    }

    /** A spec of {@code size} nodes n1..nN for {@code backend}, RocksDB under {@code dataDir}, fsync always. */
    public static ClusterSpec loopback(String backend, int size, Path dataDir) {
        return loopback(backend, size, dataDir, "rocksdb", "always");
    }

    public static ClusterSpec loopback(String backend, int size, Path dataDir, String engine, String fsync) {
        int[] ports = freePorts(2 * size);
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new NodeSpec("n" + (i + 1), "127.0.0.1", ports[2 * i], ports[2 * i + 1]));
        }
        return new ClusterSpec("test", backend, new ReplicationSpec(Math.min(3, size), null, null), nodes,
                new StorageSpec(engine, dataDir, fsync), new RpcSpec(null, 1000, 500, null), AdminSpec.defaults(),
                null, null, null);
    }

    /**
     * Distinct ports that were free a moment ago. All sockets are held open until every port is
     * picked, so the same port is never handed out twice.
     */
    public static int[] freePorts(int count) {
        return io.replicalab.node.FreePorts.pick(count);
    }
}
