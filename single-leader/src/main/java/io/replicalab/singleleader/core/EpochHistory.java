package io.replicalab.singleleader.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each epoch starts in one node's log: (epoch, first index) pairs in increasing order. It answers
 * "which epoch wrote the entry at index i here" without reading the log, which is how a replica checks
 * that its log and the primary's agree up to a point (Raft's log matching, by epoch boundaries).
 */
public final class EpochHistory {
    /** Epoch and first index of each run of entries, oldest first. */
    public record Start(long epoch, long firstIndex) {
    }

    private final List<Start> starts;

    public EpochHistory(List<Start> starts) {
        this.starts = new ArrayList<>(starts);
    }

    public static EpochHistory empty() {
        return new EpochHistory(List.of());
    }

    /** The epoch of the entry at {@code index}, 0 for index 0 (the empty log) or before the first run. */
    public long epochAt(long index) {
        long epoch = 0;
        for (Start s : starts) {
            if (s.firstIndex() > index) {
                break;
            }
            epoch = s.epoch();
        }
        return index == 0 ? 0 : epoch;
    }

    /** Records that entries from {@code index} on are of {@code epoch} (no-op when the last run already is). */
    public boolean extend(long epoch, long index) {
        if (!starts.isEmpty() && starts.get(starts.size() - 1).epoch() == epoch) {
            return false;
        }
        starts.add(new Start(epoch, index));
        return true;
    }

    /** The runs as far as {@code index}: what a snapshot of the log up to there needs to carry. */
    public List<Start> startsUpTo(long index) {
        return starts.stream().filter(s -> s.firstIndex() <= index).toList();
    }

    /** Replaces every run (a state transfer installs the primary's). */
    public void reset(List<Start> newStarts) {
        starts.clear();
        starts.addAll(newStarts);
    }

    public List<Start> starts() {
        return List.copyOf(starts);
    }

    @Override
    public String toString() {
        return starts.toString();
    }
}
