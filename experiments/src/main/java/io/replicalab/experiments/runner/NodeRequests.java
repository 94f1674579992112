package io.replicalab.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.experiments.cluster.Cluster;
import io.replicalab.node.NodeRuntime;
import io.replicalab.node.admin.AdminClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load each node carried during the workload: the requests its RPC server handled, per message type,
 * read from the node's admin resource {@code rpc-requests} before and after the workload. Node-side
 * counters, so they count what the node did (coordinating, serving replica reads and writes, gossip)
 * whoever sent it. A backend whose nodes do not serve the resource (raft: Ratis has its own transport)
 * gives none; a node down or frozen at either snapshot is left out; a node restarted in between counts
 * from its restart.
 */
final class NodeRequests {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRequests.class);

    private NodeRequests() {
    }

    /** Requests served so far per node that answers now, by message type. */
    static Map<String, Map<String, Long>> snapshot(Cluster cluster) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String id : cluster.nodeIds()) {
            if (!cluster.isRunning(id) || cluster.isPaused(id)) {
                continue;
            }
            try {
                JsonNode counts = cluster.admin(id).resource(NodeRuntime.RPC_REQUESTS_RESOURCE);
                Map<String, Long> byType = new TreeMap<>();
                counts.fields().forEachRemaining(e -> byType.put(e.getKey(), e.getValue().asLong()));
                out.put(id, byType);
            } catch (AdminClient.AdminCallException e) {
                LOG.debug("no request counts from {}: {}", id, e.getMessage());
            }
        }
        return out;
    }

    /**
     * {@code {"n1": {"CoordinatePut": 812, ...}, ...}}: what each node served between the snapshots, or an
     * empty object when no node reported both times.
     */
    static ObjectNode between(Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        after.forEach((id, counts) -> {
            Map<String, Long> start = before.get(id);
            if (start == null) {
                return;
            }
            ObjectNode node = out.putObject(id);
            counts.forEach((type, n) -> {
                long was = start.getOrDefault(type, 0L);
                node.put(type, n >= was ? n - was : n); // fewer than before: the node restarted and counts afresh
            });
        });
        return out;
    }
}
