package io.replicalab.singleleader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.singleleader.core.EpochHistory;
import io.replicalab.singleleader.core.LogPosition;
import io.replicalab.singleleader.wire.SingleLeaderMessages.KeyState;
import io.replicalab.singleleader.wire.SingleLeaderMessages.Snapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A state transfer split into parts that each fit a frame, and put back together in order only. */
class SnapshotAssemblyTest {
    private static final LogPosition AT = new LogPosition(2, 40);

    private static List<KeyState> keys(int count) {
        List<KeyState> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new KeyState("key-" + i, 2, i + 1, new byte[100]));
        }
        return out;
    }

    private static List<Snapshot> parts(List<List<KeyState>> split) {
        List<Snapshot> out = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            out.add(new Snapshot(2, "n1", AT, List.of(new EpochHistory.Start(1, 1)), i, i == split.size() - 1, split.get(i)));
        }
        return out;
    }

    @Test
    void splitsIntoPartsUnderTheLimitAndReassemblesEveryKeyInOrder() {
        List<KeyState> all = keys(50);
        List<List<KeyState>> split = SnapshotAssembly.split(all, 1024);
        assertTrue(split.size() > 5, "50 keys of ~140 bytes in 1 KiB parts: " + split.size());
        assertTrue(split.stream().allMatch(p -> p.size() <= 1024 / 140 + 1));
        SnapshotAssembly in = new SnapshotAssembly();
        List<KeyState> got = null;
        for (Snapshot s : parts(split)) {
            assertTrue(in.expects(s));
            got = in.add(s);
        }
        assertEquals(all, got);
        assertEquals(List.of(List.of()), SnapshotAssembly.split(List.of(), 1024), "an empty state is one empty part");
    }

    @Test
    void aPartOutOfOrderDropsTheTransferUnderWay() {
        List<Snapshot> parts = parts(SnapshotAssembly.split(keys(20), 1024));
        SnapshotAssembly in = new SnapshotAssembly();
        assertNull(in.add(parts.get(0)));
        assertTrue(!in.expects(parts.get(2)), "part 1 is missing");
        assertNull(in.add(parts.get(2)));
        assertTrue(!in.expects(parts.get(1)), "dropped: only a new first part continues");
        for (Snapshot s : parts) {
            in.add(s);
        }
        assertTrue(in.expects(parts.get(0)));
    }
}
