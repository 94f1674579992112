package io.replicalab.experiments.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.ReadOptions;
import io.replicalab.raft.RaftBackend;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three raft nodes as separate JVMs (Ratis log on disk, always forced): the leader is killed with
 * {@code kill -9} in the middle of a write burst from several clients and restarted. Every write that
 * was acknowledged must then be readable with a linearizable read, and every replica's apply log must be
 * a prefix of one order.
 */
class RaftProcessClusterTest extends ProcessClusterTestSupport {
    private static final int WRITERS = 4;
    private static final int WRITES_PER_WRITER = 80;
    private static final int KILL_AFTER_OKS = 60;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeEach
    void startCluster() {
        ObjectNode raft = JsonNodeFactory.instance.objectNode().put("election-timeout-min-ms", 300).put("election-timeout-max-ms", 600);
        start(threeNodes(RaftBackend.NAME).withBackendSection(RaftBackend.NAME, raft));
    }

    @Test
    void leaderKilledMidBurstLosesNoAcknowledgedWriteAndApplyLogsStayPrefixesOfOneOrder() throws Exception {
        NodeAdmins admins = new NodeAdmins(cluster.spec());
        awaitWritable();
        String leader = admins.awaitLeader(null, WAIT).nodeId();

        KillBurst burst = burstKilling(leader, WRITERS, WRITES_PER_WRITER, KILL_AFTER_OKS);
        assertNotEquals(leader, admins.awaitLeader(leader, WAIT).nodeId());

        cluster.restart(leader);

        // Zero lost: every acknowledged write is there, read linearizably (through the leader).
        assertEveryAcknowledgedWriteReadBack(client(), ReadOptions.linearizable(), burst);

        // Once the restarted node caught up, all three apply logs are one order (prefixes of the longest).
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            long applied = admins.detail(leader, "applied-index");
            return applied > 0 && cluster.nodeIds().stream().allMatch(id -> admins.detail(id, "applied-index") == applied);
        });
        List<List<String>> logs = cluster.nodeIds().stream().map(admins::applyLog).toList();
        List<String> longest = logs.stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        for (int i = 0; i < logs.size(); i++) {
            List<String> log = logs.get(i);
            assertEquals(longest.subList(0, log.size()), log, "apply log of " + cluster.nodeIds().get(i) + " diverges");
        }
        long acked = burst.oks();
        assertTrue(longest.size() >= acked + 1, "every acknowledged write (and the warm-up) was applied: " + longest.size()
                + " entries for " + acked + " acks");
    }
}
