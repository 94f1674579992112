package io.replicalab.singleleader.election;

import io.replicalab.node.NodeStartException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A standalone ZooKeeper server in this JVM with its own data dir and no admin server: the one server
 * code of {@code zookeeper: embedded}, whether the first node of the config hosts it (a node started
 * alone) or a harness runs it as a cluster service (in its JVM, or as {@link ZooKeeperServiceMain}). The tick is 100 ms and sessions may
 * last 200 ms to 60 s, so short session timeouts can be tried.
 *
 * <p>Built from {@link ZooKeeperServer} and a {@link ServerCnxnFactory} directly rather than
 * {@code ZooKeeperServerEmbedded}: that one, when its start times out on a loaded machine, hangs in its
 * own close; this one starts synchronously and fails with the cause.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final int TICK_MS = 100;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;
    private final String connectString;

    private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory connections, String connectString) {
        this.server = server;
        this.connections = connections;
        this.connectString = connectString;
    }

    public static EmbeddedZooKeeper start(String host, int port, Path dataDir) {
        System.setProperty("zookeeper.admin.enableServer", "false");
        ServerCnxnFactory connections = null;
        try {
            Files.createDirectories(dataDir);
            ZooKeeperServer server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_MS);
            server.setMinSessionTimeout(2 * TICK_MS);
            server.setMaxSessionTimeout(60_000);
            connections = ServerCnxnFactory.createFactory(new InetSocketAddress(host, port), 200);
            connections.startup(server);
            return new EmbeddedZooKeeper(server, connections, host + ":" + port);
        } catch (IOException | InterruptedException | RuntimeException | LinkageError e) {
            if (connections != null) {
                connections.shutdown();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new NodeStartException("cannot start the embedded ZooKeeper on " + host + ":" + port + " (" + e
                    + "): pick a free single-leader.zookeeper-port, or point single-leader.zookeeper at a running ZooKeeper", e);
        }
    }

    public String connectString() {
        return connectString;
    }

    @Override
    public void close() {
        connections.shutdown();
        server.shutdown();
    }

    @Override
    public String toString() {
        return "embedded ZooKeeper at " + connectString;
    }
}
