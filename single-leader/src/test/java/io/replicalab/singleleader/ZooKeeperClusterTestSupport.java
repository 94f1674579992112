package io.replicalab.singleleader;

import static org.awaitility.Awaitility.await;

import io.replicalab.singleleader.election.EmbeddedZooKeeper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A ZooKeeper ({@link TestZooKeeper}) and a 3-node cluster using it, with n1 elected first. */
abstract class ZooKeeperClusterTestSupport {
    @TempDir
    Path dataDir;

    EmbeddedZooKeeper zookeeper;
    SingleLeaderTestCluster cluster;

    @BeforeEach
    void startZooKeeper() {
        zookeeper = TestZooKeeper.startOnFreePort(dataDir.resolve("zk"));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        zookeeper.close();
    }

    /** Settings every test of the subclass uses; a test's own settings win. */
    abstract Map<String, Object> defaults();

    /** Starts n1 and waits until it leads, then n2 and n3, which queue behind it in that order. */
    SingleLeaderTestCluster start(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(defaults());
        all.put("zookeeper", zookeeper.connectString());
        all.putAll(settings);
        cluster = new SingleLeaderTestCluster(dataDir.resolve("nodes"), 3, all);
        cluster.start("n1");
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.node("n1").isPrimary());
        cluster.start("n2");
        cluster.start("n3");
        return cluster;
    }

    /** Waits until a node other than {@code old} (null: any node) leads. */
    SingleLeaderNode awaitPrimaryOtherThan(String old) {
        SingleLeaderNode[] found = new SingleLeaderNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            found[0] = cluster.running().stream().filter(n -> !n.nodeId().equals(old) && n.isPrimary())
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
