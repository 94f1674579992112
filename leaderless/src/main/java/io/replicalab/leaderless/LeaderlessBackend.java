package io.replicalab.leaderless;

import io.replicalab.api.KvClient;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ClusterSpec;

/** The Dynamo-style backend behind {@code backend: leaderless}. */
public final class LeaderlessBackend implements ReplicationBackend {
    public static final String NAME = "leaderless";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReplicaServer startNode(ClusterSpec spec, String nodeId) {
        return LeaderlessNode.start(spec, nodeId);
    }

    @Override
    public KvClient newClient(ClusterSpec spec) {
        return new LeaderlessClient(spec);
    }
}
