package io.replicalab.leaderless.membership;

/**
 * What gossip says about one node: the incarnation of its data dir (new after a wipe), the
 * generation of its process (its start time: new after a restart) and a heartbeat counter it bumps
 * every gossip round. Newer means higher (generation, heartbeat); a new incarnation always wins.
 */
public record NodeState(String incarnation, long generation, long heartbeat) {

    public boolean isNewerThan(NodeState other) {
        if (other == null) {
            return true;
        }
        if (generation != other.generation) {
            return generation > other.generation;
        }
        return heartbeat > other.heartbeat;
    }
}
