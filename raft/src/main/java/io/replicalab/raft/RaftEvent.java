package io.replicalab.raft;

/**
 * A leader or term change seen by one replica, stamped with the replica's (adjustable) wall clock.
 *
 * @param leader the new leader's id, or {@code null} when the replica knows of none
 */
public record RaftEvent(long atMillis, String node, Kind kind, long term, String leader) {
    public enum Kind { LEADER_CHANGED, TERM_CHANGED }
}
