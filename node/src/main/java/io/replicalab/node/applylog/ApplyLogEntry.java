package io.replicalab.node.applylog;

/**
 * One write as a replica applied it, in the one format every backend uses: its position in this
 * replica's order of application, the key and the write's id (a dot, timestamp@writer, or a Raft log
 * index). Replicas that converge in value can still differ here ("converge in value, not history"),
 * which is what the ordering checker measures; Raft replicas' logs must be prefixes of one order.
 */
public record ApplyLogEntry(long sequence, String key, String writeId, long appliedAtMillis) {
}
