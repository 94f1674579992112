package io.replicalab.experiments.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.KvClient;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.node.FreePorts;
import io.replicalab.node.testing.TestClusters;
import io.replicalab.singleleader.SingleLeaderBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single-leader LocalCluster owns its ZooKeeper: no node hosts it, so every node can be killed. */
class SingleLeaderLocalClusterTest {
    @TempDir
    Path dir;

    @Test
    void nodesUseTheClustersZooKeeperAndAKilledPrimaryIsReplaced() {
        int port = FreePorts.pick(1)[0];
        ObjectNode section = JsonNodeFactory.instance.objectNode().put("zookeeper-port", port).put("session-timeout-ms", 1500)
                .put("promotion-policy", "any");
        ClusterSpec spec = TestClusters.loopback(SingleLeaderBackend.NAME, 3, dir).withBackendSection(SingleLeaderBackend.NAME, section);
        try (LocalCluster cluster = LocalCluster.start(spec); KvClient kv = cluster.newClient()) {
            assertEquals("127.0.0.1:" + port, cluster.spec().backendSection(SingleLeaderBackend.NAME).orElseThrow()
                    .get("zookeeper").asText(), "the nodes are given the cluster's ZooKeeper, not 'embedded'");
            BlockingKvClient c = kv.blocking();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> c.put("k", b("v1")) != null);
            String first = await().atMost(Duration.ofSeconds(10)).until(cluster::leader, Optional::isPresent).orElseThrow();

            cluster.kill(first);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> c.put("k", b("v2")) != null);
            String next = await().atMost(Duration.ofSeconds(10)).until(cluster::leader,
                    l -> l.isPresent() && !l.get().equals(first)).orElseThrow();
            assertNotEquals(first, next);
            cluster.restart(first);
            assertEquals("v2", new String(c.get("k").value(), StandardCharsets.UTF_8));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
