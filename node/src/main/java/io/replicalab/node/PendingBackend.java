package io.replicalab.node;

import io.replicalab.api.KvClient;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ClusterSpec;

/**
 * Stands in for a backend whose module exists but whose protocol has not landed yet, so that
 * selecting it fails with a clear message instead of a missing binding or a fake result.
 */
public final class PendingBackend implements ReplicationBackend {
    private final String name;
    private final String trackedIn;

    public PendingBackend(String name, String trackedIn) {
        this.name = name;
        this.trackedIn = trackedIn;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ReplicaServer startNode(ClusterSpec spec, String nodeId) {
        throw notReady();
    }

    @Override
    public KvClient newClient(ClusterSpec spec) {
        throw notReady();
    }

    private BackendNotReadyException notReady() {
        return new BackendNotReadyException("backend '" + name + "' is not implemented yet (" + trackedIn
                + "): choose a backend that has landed");
    }

    /** Selecting a backend that cannot run yet. */
    public static final class BackendNotReadyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BackendNotReadyException(String message) {
            super(message);
        }
    }
}
