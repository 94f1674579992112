package io.replicalab.leaderless.replica;

/**
 * One write as a replica applied it: its position in this replica's order of application, the key
 * and the write's id (a dot, or timestamp@writer). Replicas that converge in value can still differ
 * here ("converge in value, not history"), which is what the ordering checker measures.
 */
public record ApplyLogEntry(long sequence, String key, String writeId, long appliedAtMillis) {
}
