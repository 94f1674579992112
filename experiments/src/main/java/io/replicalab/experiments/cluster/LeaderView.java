package io.replicalab.experiments.cluster;

import io.replicalab.node.admin.NodeStatus;
import java.util.Map;
import java.util.Optional;

/**
 * What a node's status says about leadership, in the words backends use: the leader (raft: {@code leader})
 * or primary (single-leader: {@code primary}) it knows, the term or epoch, and its own role. A backend
 * without leaders reports none of them.
 */
public record LeaderView(String leader, Object term, String role) {

    public static Optional<LeaderView> of(NodeStatus status) {
        Map<String, Object> d = status.details();
        Object leader = d.containsKey("leader") ? d.get("leader") : d.get("primary");
        Object term = d.containsKey("term") ? d.get("term") : d.get("known-epoch");
        if (leader == null && term == null) {
            return Optional.empty();
        }
        Object role = d.get("role");
        return Optional.of(new LeaderView(leader instanceof String s ? s : null, term, role == null ? null : role.toString()));
    }
}
