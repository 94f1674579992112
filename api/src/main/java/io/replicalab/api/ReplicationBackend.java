package io.replicalab.api;

import io.replicalab.api.config.ClusterSpec;

/**
 * The SPI a replication backend implements. Everything above it (CLI, experiments, library
 * users) sees only this, {@link KvClient} and {@link FaultControl}.
 */
public interface ReplicationBackend {

    /** The value of {@code backend:} that selects this backend. */
    String name();

    /** Starts node {@code nodeId} of {@code spec}, recovering whatever its data dir holds. */
    ReplicaServer startNode(ClusterSpec spec, String nodeId) throws Exception;

    /** A client for the cluster described by {@code spec}. */
    KvClient newClient(ClusterSpec spec);
}
