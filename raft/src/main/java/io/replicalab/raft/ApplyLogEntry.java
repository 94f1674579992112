package io.replicalab.raft;

/**
 * One write as a replica applied it, in the format of the other backends: its position in this
 * replica's order of application (counted from 1 since the replica started), the key and the write's
 * id ({@code index:<raft log index>}). Raft replicas must all apply one order, so these lists are
 * prefixes of one another (entries restored from a snapshot are not listed).
 */
public record ApplyLogEntry(long sequence, String key, String writeId, long appliedAtMillis) {
}
