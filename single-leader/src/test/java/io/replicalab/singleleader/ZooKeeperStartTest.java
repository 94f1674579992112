package io.replicalab.singleleader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.CausalContext;
import io.replicalab.api.UnavailableException;
import io.replicalab.api.WriteOptions;
import io.replicalab.node.FreePorts;
import io.replicalab.singleleader.election.EmbeddedZooKeeper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose ZooKeeper is not there yet starts anyway, takes no writes, and is promoted once ZooKeeper comes up. */
class ZooKeeperStartTest {
    @TempDir
    Path dataDir;

    private SingleLeaderTestCluster cluster;
    private EmbeddedZooKeeper zookeeper;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void anUnreachableZooKeeperAtStartIsRetriedWithBackOffNotWaitedFor() throws Exception {
        int port = FreePorts.pick(1)[0];
        cluster = new SingleLeaderTestCluster(dataDir.resolve("nodes"), 3, Map.of("zookeeper", "127.0.0.1:" + port,
                "connection-timeout-ms", 300, "session-timeout-ms", 1500));
        // "Not a hang": the bound is far above the 300 ms connection timeout the start waits at most.
        SingleLeaderNode n1 = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> cluster.start("n1"));
        assertFalse(n1.isPrimary());
        assertTrue(n1.runtime().status().details().get("election").toString().contains("not connected"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> cluster.client().blocking()
                .put("k", "v".getBytes(StandardCharsets.UTF_8), CausalContext.EMPTY,
                        WriteOptions.defaults().withTimeout(Duration.ofMillis(500))));
        assertInstanceOf(UnavailableException.class, e instanceof CompletionException ? e.getCause() : e,
                "no primary: the write was refused, definitely not applied");

        zookeeper = TestZooKeeper.startOn(port, dataDir.resolve("zk"));
        await().atMost(Duration.ofSeconds(30)).until(n1::isPrimary);
    }
}
