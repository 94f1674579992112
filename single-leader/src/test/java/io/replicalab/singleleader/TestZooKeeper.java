package io.replicalab.singleleader;

import static org.awaitility.Awaitility.await;

import io.replicalab.node.FreePorts;
import io.replicalab.node.NodeStartException;
import io.replicalab.singleleader.election.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * A ZooKeeper server for tests: the {@link EmbeddedZooKeeper} the nodes host themselves (100 ms tick,
 * sessions of 200 ms to 60 s), on a loopback port.
 *
 * <p>Not Curator's {@code TestingServer}: with ZooKeeper 3.9 it runs {@code ZooKeeperServerEmbedded}
 * with the {@code System.exit} handler, so a server thread that fails to start (its port taken between
 * pick and bind, e.g. by a client's outgoing connection) exits the whole test JVM with code 2. CI lost a
 * build to that. {@link EmbeddedZooKeeper} starts synchronously and throws instead, so a start can be retried.
 */
final class TestZooKeeper {
    private static final Duration START_WITHIN = Duration.ofSeconds(30);

    private TestZooKeeper() {
    }

    /** Starts on a port free a moment ago; a port lost to a race is replaced by another one. */
    static EmbeddedZooKeeper startOnFreePort(Path dataDir) {
        return startRetrying(() -> FreePorts.pick(1)[0], dataDir);
    }

    /**
     * Starts on {@code port}, which clients may already be dialling: until the server binds, a client's
     * connection from an ephemeral port can land on that very port (a TCP self-connect) and hold it for a
     * moment, so the start is retried until it binds.
     */
    static EmbeddedZooKeeper startOn(int port, Path dataDir) {
        return startRetrying(() -> port, dataDir);
    }

    private static EmbeddedZooKeeper startRetrying(IntSupplier port, Path dataDir) {
        AtomicReference<EmbeddedZooKeeper> started = new AtomicReference<>();
        await().atMost(START_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(NodeStartException.class)
                .until(() -> {
                    started.set(EmbeddedZooKeeper.start("127.0.0.1", port.getAsInt(), dataDir));
                    return true;
                });
        return started.get();
    }
}
