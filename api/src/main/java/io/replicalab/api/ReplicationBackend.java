package io.replicalab.api;

import io.replicalab.api.config.ClusterSpec;
import java.util.Optional;

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

    /**
     * The service a harness should run beside the nodes of {@code spec} (started before them, stopped after
     * them), or empty when the nodes need nothing else. Nodes are then started with its {@link ClusterService#nodeSpec()}.
     */
    default Optional<ClusterService> clusterService(ClusterSpec spec) {
        return Optional.empty();
    }
}
