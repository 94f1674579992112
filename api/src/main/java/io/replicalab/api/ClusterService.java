package io.replicalab.api;

import io.replicalab.api.config.ClusterSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Something a backend's nodes need that is not a node (single-leader: the ZooKeeper server of
 * {@code zookeeper: embedded}). A harness runs it as its own service, in its JVM or as its own process,
 * so that killing or pausing a node leaves it alone; a node started alone hosts it as the backend decides.
 */
public interface ClusterService {
    /** The word a service process prints, after its {@link #name()}, once it serves: {@code zookeeper ready: ...}. */
    String READY = "ready";

    /** A short name for logs and files ({@code zookeeper}). */
    String name();

    /** The spec the nodes run with while this service runs (it points them at the service, not at a node). */
    ClusterSpec nodeSpec();

    /** Runs the service in this JVM with its state under {@code dataDir}; closing the result stops it. */
    AutoCloseable startInJvm(Path dataDir);

    /**
     * Main class and arguments that run the service as its own JVM with its state under {@code dataDir}. That
     * process prints {@code <name> ready: ...} on stdout once it serves, and stops on SIGTERM, SIGKILL or when
     * its stdin reaches end of file (its launcher died).
     */
    List<String> processCommand(Path dataDir);
}
