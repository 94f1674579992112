package io.replicalab.experiments.cluster;

import io.replicalab.api.ClusterService;
import io.replicalab.api.FaultControl;
import io.replicalab.api.ReplicaServer;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ClusterSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node of a cluster inside this JVM, started through the {@link ReplicationBackend} SPI: fast, for
 * tests and quick experiments. A kill closes the node (its ports go away; a JVM cannot {@code kill -9}
 * a part of itself, so a kill here never loses unflushed state) and a pause is not available: use
 * {@link ProcessCluster} for those. A backend's cluster service (single-leader's ZooKeeper) runs in this
 * JVM too, owned by the cluster rather than by a node, with its data in a temp dir removed at close.
 */
public final class LocalCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    private final ClusterSpec spec;
    private final ReplicationBackend backend;
    private final Map<String, ReplicaServer> running = new LinkedHashMap<>();
    private AutoCloseable service; // the backend's cluster service, if it has one
    private Path serviceDir;

    private LocalCluster(ClusterSpec spec) {
        this.spec = spec;
        this.backend = Backends.named(spec.backend());
    }

    /**
     * Starts the backend's cluster service, if any, then every node of {@code spec} (with the service's
     * {@link ClusterService#nodeSpec()}); a node that fails to start closes what is already up.
     */
    public static LocalCluster start(ClusterSpec spec) {
        java.util.Optional<ClusterService> service = Backends.named(spec.backend()).clusterService(spec);
        LocalCluster cluster = new LocalCluster(service.map(ClusterService::nodeSpec).orElse(spec));
        try {
            if (service.isPresent()) {
                cluster.serviceDir = TempDirs.create("replicalab-" + service.get().name() + "-");
                cluster.service = service.get().startInJvm(cluster.serviceDir);
                LOG.info("{} started in this JVM", service.get());
            }
            for (String id : spec.nodeIds()) {
                cluster.restart(id);
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public ClusterSpec spec() {
        return spec;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public synchronized void kill(String id) {
        ReplicaServer server = running.remove(spec.requireNode(id).id());
        if (server == null) {
            throw new IllegalStateException("node " + id + " is not running: cannot kill it");
        }
        server.close();
        LOG.info("node {} stopped (in-JVM kill)", id);
    }

    @Override
    public synchronized void restart(String id) {
        spec.requireNode(id);
        if (running.containsKey(id)) {
            kill(id);
        }
        try {
            running.put(id, backend.startNode(spec, id));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("node " + id + " failed to start: " + e.getMessage(), e);
        }
    }

    @Override
    public void pause(String id) {
        throw new UnsupportedOperationException("pause needs cluster.kind: process: a JVM cannot SIGSTOP its own threads");
    }

    @Override
    public void resume(String id) {
        throw new UnsupportedOperationException("resume needs cluster.kind: process: a JVM cannot SIGSTOP its own threads");
    }

    @Override
    public synchronized boolean isRunning(String id) {
        return running.containsKey(id);
    }

    @Override
    public boolean isPaused(String id) {
        return false;
    }

    /** The node's own fault control: no HTTP hop for a node in this JVM. */
    @Override
    public synchronized FaultControl faults(String id) {
        ReplicaServer server = running.get(id);
        if (server == null) {
            throw new IllegalStateException("node " + id + " is not running: its link faults and clock cannot be set");
        }
        return server.faults();
    }

    @Override
    public synchronized void close() {
        for (ReplicaServer server : running.values()) {
            try {
                server.close();
            } catch (RuntimeException e) {
                LOG.warn("closing node {} failed: {}", server.nodeId(), e.toString());
            }
        }
        running.clear();
        if (service != null) {
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("stopping the cluster service failed: {}", e.toString());
            }
            service = null;
        }
        if (serviceDir != null) {
            TempDirs.deleteRecursively(serviceDir);
        }
    }
}
