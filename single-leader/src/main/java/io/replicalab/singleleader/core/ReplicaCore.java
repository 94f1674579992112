package io.replicalab.singleleader.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The replica side of WAL shipping, without I/O: decides what to do with one {@code Append} from a
 * primary. The host persists and applies {@link Accept#fresh()} (entries, state and log shape in one
 * atomic batch) and acknowledges {@link Accept#ackIndex()} once that batch is durable.
 *
 * <p>Rules, checked in order:
 * <ol>
 *   <li>fencing on and the append's epoch is older than the newest this replica knows: refuse it
 *       ({@link StaleEpoch}), so a deposed primary learns it was deposed;</li>
 *   <li>the append starts after this replica's last entry: it missed entries ({@link Gap}); the
 *       primary re-ships from the replica's end (log replay catch-up);</li>
 *   <li>the entry before the append, or an entry the replica already holds, was written in another
 *       epoch: the logs disagree ({@link Diverged}). Applied state cannot be rolled back, so the replica
 *       never overwrites it; it needs a full state transfer;</li>
 *   <li>otherwise entries it already holds are skipped (re-sent after a timeout) and the rest appended.</li>
 * </ol>
 * A diverged replica, or one that needs entries the primary no longer holds, gets a state transfer
 * instead ({@link #onSnapshot}): its log is replaced by the primary's position and its state by the
 * primary's, then appends resume from there. Whatever its own log held that the primary's did not
 * (a deposed primary's unreplicated writes) is gone.
 */
public final class ReplicaCore {
    private final boolean fencing;
    private final LogState log;

    public ReplicaCore(boolean fencing, LogState log) {
        this.fencing = fencing;
        this.log = log;
    }

    public sealed interface Decision permits Accept, Gap, Diverged, StaleEpoch {
    }

    /**
     * @param fresh entries new to this replica, in order, to persist and apply
     * @param ackIndex the index up to which this replica's log now matches the primary's
     * @param epochsChanged whether the log's epoch runs or known epoch changed (persist them with the batch)
     */
    public record Accept(List<LogEntry> fresh, long ackIndex, boolean epochsChanged) implements Decision {
    }

    public record Gap(long lastIndex) implements Decision {
    }

    public record Diverged(LogPosition last) implements Decision {
    }

    public record StaleEpoch(long knownEpoch) implements Decision {
    }

    public Decision onAppend(long epoch, long prevEpoch, long prevIndex, List<LogEntry> entries) {
        if (refuses(epoch)) {
            return new StaleEpoch(log.knownEpoch());
        }
        boolean changed = log.learnEpoch(epoch);
        if (prevIndex > log.lastIndex()) {
            return new Gap(log.lastIndex());
        }
        if (log.epochAt(prevIndex) != prevEpoch) {
            return new Diverged(log.last());
        }
        List<LogEntry> fresh = new ArrayList<>();
        long index = prevIndex;
        for (LogEntry e : entries) {
            if (e.index() != index + 1) {
                throw new IllegalArgumentException("append entries are not contiguous: " + e.writeId() + " after " + index);
            }
            index = e.index();
            if (e.index() <= log.lastIndex()) {
                if (log.epochAt(e.index()) != e.epoch()) {
                    return new Diverged(log.last());
                }
                continue;
            }
            changed |= log.append(e);
            fresh.add(e);
        }
        return new Accept(fresh, index, changed);
    }

    /**
     * A snapshot of the primary's state at {@code last} (with its epoch runs up to there), sent by the
     * primary of {@code epoch}. Fencing refuses it from an older epoch like an append; otherwise the log
     * is reset to {@code last} and the host replaces its whole state by the snapshot's in one batch.
     */
    public Decision onSnapshot(long epoch, LogPosition last, List<EpochHistory.Start> runs) {
        if (refuses(epoch)) {
            return new StaleEpoch(log.knownEpoch());
        }
        log.resetTo(last, runs, epoch);
        return new Accept(List.of(), last.index(), true);
    }

    /** Whether fencing refuses a primary of {@code epoch} (older than the newest this replica knows). */
    public boolean refuses(long epoch) {
        return fencing && epoch < log.knownEpoch();
    }

    public LogState log() {
        return log;
    }
}
