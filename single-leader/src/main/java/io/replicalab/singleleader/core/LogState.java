package io.replicalab.singleleader.core;

import java.util.List;

/**
 * The shape of one node's log, without its contents: how far it goes, which epoch wrote which run of
 * it, and the newest epoch this node has heard of. Both roles step it: a primary appends its own
 * entries, a replica the primary's. Not thread-safe: the node steps its cores under one lock.
 */
public final class LogState {
    private long lastIndex;
    private final EpochHistory epochs;
    private long knownEpoch;

    public LogState(long lastIndex, List<EpochHistory.Start> epochs, long knownEpoch) {
        this.lastIndex = lastIndex;
        this.epochs = new EpochHistory(epochs);
        this.knownEpoch = Math.max(knownEpoch, this.epochs.epochAt(lastIndex));
    }

    public static LogState empty() {
        return new LogState(0, List.of(), 0);
    }

    public long lastIndex() {
        return lastIndex;
    }

    public LogPosition last() {
        return new LogPosition(epochs.epochAt(lastIndex), lastIndex);
    }

    public long epochAt(long index) {
        return index > lastIndex ? -1 : epochs.epochAt(index);
    }

    public List<EpochHistory.Start> epochStarts() {
        return epochs.starts();
    }

    public long knownEpoch() {
        return knownEpoch;
    }

    /** Notes a newer epoch; true when it was newer than any seen before. */
    public boolean learnEpoch(long epoch) {
        if (epoch > knownEpoch) {
            knownEpoch = epoch;
            return true;
        }
        return false;
    }

    /** Appends the next entry; true when it starts a new epoch run (the history must be persisted). */
    public boolean append(LogEntry entry) {
        if (entry.index() != lastIndex + 1) {
            throw new IllegalArgumentException("entry " + entry.writeId() + " does not follow index " + lastIndex);
        }
        lastIndex = entry.index();
        learnEpoch(entry.epoch());
        return epochs.extend(entry.epoch(), entry.index());
    }
}
