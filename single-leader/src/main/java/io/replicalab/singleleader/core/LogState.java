package io.replicalab.singleleader.core;

import java.util.List;

/**
 * The shape of one node's log, without its contents: how far it goes, from which index on its entries
 * are still held (earlier ones were truncated or replaced by a state transfer), which epoch wrote which
 * run of it, and the newest epoch this node has heard of. Both roles step it: a primary appends its own
 * entries, a replica the primary's. Not thread-safe: the node steps its cores under one lock.
 */
public final class LogState {
    private long firstIndex;
    private long lastIndex;
    private final EpochHistory epochs;
    private long knownEpoch;

    public LogState(long lastIndex, List<EpochHistory.Start> epochs, long knownEpoch) {
        this(1, lastIndex, epochs, knownEpoch);
    }

    /** A log whose entries before {@code firstIndex} are no longer held. */
    public LogState(long firstIndex, long lastIndex, List<EpochHistory.Start> epochs, long knownEpoch) {
        this.firstIndex = firstIndex;
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

    /** The first index whose entry this node still holds ({@code lastIndex + 1} when it holds none). */
    public long firstIndex() {
        return firstIndex;
    }

    /**
     * Keeps at most the last {@code retain} entries: returns the first index no longer held before this
     * call, or -1 when nothing is dropped. Entries {@code [returned, firstIndex())} are to be deleted.
     */
    public long retainLast(long retain) {
        long newFirst = lastIndex - retain + 1;
        if (newFirst <= firstIndex) {
            return -1;
        }
        long dropFrom = firstIndex;
        firstIndex = newFirst;
        return dropFrom;
    }

    /**
     * Replaces this log by a snapshot of another's that ends at {@code last}, with that log's epoch runs up
     * to there: no entry is held (the next is {@code last.index() + 1}), what came before is applied state.
     */
    public void resetTo(LogPosition last, List<EpochHistory.Start> runs, long epoch) {
        lastIndex = last.index();
        firstIndex = lastIndex + 1;
        epochs.reset(runs);
        learnEpoch(Math.max(epoch, last.epoch()));
    }

    public LogPosition last() {
        return new LogPosition(epochs.epochAt(lastIndex), lastIndex);
    }

    public long epochAt(long index) {
        return index > lastIndex ? -1 : epochs.epochAt(index);
    }

    /** The epoch runs as far as {@code index} (what a snapshot of the log up to there carries). */
    public List<EpochHistory.Start> epochStartsUpTo(long index) {
        return epochs.startsUpTo(index);
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
