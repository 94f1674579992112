package io.replicalab.singleleader;

import io.replicalab.singleleader.wire.SingleLeaderMessages.KeyState;
import io.replicalab.singleleader.wire.SingleLeaderMessages.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A state transfer in parts: the primary splits its key states so each frame stays small
 * ({@link #split}); the replica collects the parts of one transfer in order ({@link #add}) and installs
 * them when the last one arrives. A part that does not continue the transfer under way drops it. Not
 * thread-safe: the node calls it under its lock.
 */
final class SnapshotAssembly {
    private Snapshot first;
    private int nextPart;
    private List<KeyState> keys = new ArrayList<>();

    /** Key states in runs of at most about {@code maxBytes} each (at least one run, maybe empty). */
    static List<List<KeyState>> split(List<KeyState> keys, int maxBytes) {
        List<List<KeyState>> parts = new ArrayList<>();
        List<KeyState> part = new ArrayList<>();
        long bytes = 0;
        for (KeyState k : keys) {
            long size = 32L + 3L * k.key().length() + (k.value() == null ? 0 : k.value().length);
            if (!part.isEmpty() && bytes + size > maxBytes) {
                parts.add(part);
                part = new ArrayList<>();
                bytes = 0;
            }
            part.add(k);
            bytes += size;
        }
        parts.add(part);
        return parts;
    }

    /** Whether {@code s} is the part this assembly expects (a first part always is). */
    boolean expects(Snapshot s) {
        return s.part() == 0 || (first != null && s.part() == nextPart && s.epoch() == first.epoch()
                && s.primary().equals(first.primary()) && s.last().equals(first.last()));
    }

    /**
     * Takes part {@code s}: returns every key state of the transfer when {@code s} is its last part, else
     * null (after an unexpected part, the transfer under way is dropped).
     */
    List<KeyState> add(Snapshot s) {
        if (!expects(s)) {
            first = null;
            return null;
        }
        if (s.part() == 0) {
            first = s;
            keys = new ArrayList<>();
        }
        keys.addAll(s.keys());
        nextPart = s.part() + 1;
        if (!s.done()) {
            return null;
        }
        List<KeyState> all = keys;
        first = null;
        keys = new ArrayList<>();
        return all;
    }
}
