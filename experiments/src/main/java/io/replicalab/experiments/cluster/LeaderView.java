package io.replicalab.experiments.cluster;

import io.replicalab.node.admin.NodeStatus;
import java.util.HashMap;
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

    /** True when node {@code self}'s own view says it leads (names itself, in a role other than follower). */
    boolean claimedBy(String self) {
        return self.equals(leader) && (role == null || !role.matches("follower|replica|candidate"));
    }

    /**
     * The leader among the views of the nodes that answered, by node id: the node that claims to lead itself
     * in the highest term (a deposed leader that has not noticed yet claims an older one), else the node most
     * views name. Views lag: right after a failover some nodes still name the old leader, and a vote alone then
     * picks a node that no longer leads (seen on a loaded machine, where a stale majority sent a partition to
     * a replica and left the real primary alone).
     */
    public static Optional<String> leaderOf(Map<String, LeaderView> views) {
        String claimant = null;
        long best = Long.MIN_VALUE;
        Map<String, Integer> votes = new HashMap<>();
        for (Map.Entry<String, LeaderView> e : views.entrySet()) {
            LeaderView v = e.getValue();
            if (v.leader() != null) {
                votes.merge(v.leader(), 1, Integer::sum);
            }
            if (v.claimedBy(e.getKey()) && v.term() instanceof Number n && n.longValue() > best) {
                best = n.longValue();
                claimant = e.getKey();
            }
        }
        if (claimant != null) {
            return Optional.of(claimant);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }
}
