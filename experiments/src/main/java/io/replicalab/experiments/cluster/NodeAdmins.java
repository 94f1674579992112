package io.replicalab.experiments.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.node.admin.AdminClient;
import io.replicalab.node.admin.NodeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The admin endpoints of a cluster's nodes, seen from another process: statuses, the leader of a
 * leader-based backend (the node whose status reports {@code role: leader}, or {@code primary}) and apply logs.
 */
public final class NodeAdmins {
    /** The roles a leader reports, in the words backends use (raft: leader, single-leader: primary). */
    private static final java.util.Set<String> LEADER_ROLES = java.util.Set.of("leader", "primary");

    private final ClusterSpec spec;

    public NodeAdmins(ClusterSpec spec) {
        this.spec = spec;
    }

    public AdminClient admin(String id) {
        NodeSpec n = spec.requireNode(id);
        return new AdminClient(n.host(), n.adminPort(), spec.admin().token());
    }

    /** The node's status, or empty when it does not answer (killed, paused, starting). */
    public Optional<NodeStatus> status(String id) {
        try {
            return Optional.of(admin(id).status());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A number from the node's status details ({@code applied-index}, {@code term}), or -1. */
    public long detail(String id, String key) {
        return status(id).map(s -> s.details().get(key)).map(v -> v instanceof Number n ? n.longValue() : -1L).orElse(-1L);
    }

    /**
     * The status of the one node reporting {@code role: leader} or {@code primary} (other than {@code excluded}, which may be
     * null), polling until {@code timeout}.
     */
    public NodeStatus awaitLeader(String excluded, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String id : spec.nodeIds()) {
                if (id.equals(excluded)) {
                    continue;
                }
                Optional<NodeStatus> s = status(id);
                if (s.isPresent() && LEADER_ROLES.contains(String.valueOf(s.get().details().get("role")))) {
                    return s.get();
                }
            }
            Thread.sleep(20); // polling the admin endpoints
        }
        throw new IllegalStateException("no node of backend " + spec.backend() + " reported role=leader within "
                + timeout.toSeconds() + " s: this needs a leader-based backend");
    }

    /** The node's apply log as {@code key@writeId}, oldest first (its {@code apply-log} admin resource). */
    public List<String> applyLog(String id) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : admin(id).resource("apply-log?from=0")) {
            out.add(e.path("key").asText() + "@" + e.path("write-id").asText());
        }
        return out;
    }
}
