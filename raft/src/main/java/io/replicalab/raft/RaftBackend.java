package io.replicalab.raft;

import io.replicalab.api.KvClient;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ClusterSpec;

/** The Raft backend on Apache Ratis behind {@code backend: raft}. */
public final class RaftBackend implements ReplicationBackend {
    public static final String NAME = "raft";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ReplicaServer startNode(ClusterSpec spec, String nodeId) {
        return RaftNode.start(spec, nodeId);
    }

    @Override
    public KvClient newClient(ClusterSpec spec) {
        return new RaftKvClient(spec);
    }
}
