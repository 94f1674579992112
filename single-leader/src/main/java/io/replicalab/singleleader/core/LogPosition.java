package io.replicalab.singleleader.core;

/**
 * A place in the replicated log: the epoch of the entry there and its index. Positions order by epoch
 * first, then index (Raft's "more up to date" rule): a log that ends in a newer epoch is ahead of a
 * longer log of an older epoch, whose tail a newer primary never had.
 */
public record LogPosition(long epoch, long index) implements Comparable<LogPosition> {
    public static final LogPosition ZERO = new LogPosition(0, 0);

    @Override
    public int compareTo(LogPosition o) {
        int byEpoch = Long.compare(epoch, o.epoch);
        return byEpoch != 0 ? byEpoch : Long.compare(index, o.index);
    }

    public boolean isAfter(LogPosition o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return epoch + "." + index;
    }
}
