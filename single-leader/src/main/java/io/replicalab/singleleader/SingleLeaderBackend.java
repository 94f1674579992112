package io.replicalab.singleleader;

import io.replicalab.api.ClusterService;
import io.replicalab.api.KvClient;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ClusterSpec;
import java.util.Optional;

/** The primary/replica WAL-shipping backend behind {@code backend: single-leader}. */
public final class SingleLeaderBackend implements ReplicationBackend {
    public static final String NAME = "single-leader";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReplicaServer startNode(ClusterSpec spec, String nodeId) {
        return SingleLeaderNode.start(spec, nodeId);
    }

    @Override
    public KvClient newClient(ClusterSpec spec) {
        return new SingleLeaderClient(spec);
    }

    /** With {@code zookeeper: embedded}, ZooKeeper as its own service instead of inside the first node. */
    @Override
    public Optional<ClusterService> clusterService(ClusterSpec spec) {
        return ZooKeeperService.of(spec);
    }
}
