package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real-time facts about one register (or kv) key that the lost-write and stale-read checkers share:
 * for each value, the latest completion of a write that could have produced it (an unknown outcome
 * completes "never", the initial null "before everything"); and the acknowledged writes in completion
 * order. A value is <em>superseded</em> by an acknowledged write {@code a} when every write that could
 * have produced it completed before {@code a} was invoked.
 */
final class RegisterIndex {
    private final ValueIds values = new ValueIds();
    private final Map<Integer, Long> producedBy = new HashMap<>();
    private final List<LinOp> acked = new ArrayList<>();
    private final long[] ackedEnds;
    private final long[] latestStartAmongEarlier;

    RegisterIndex(List<Operation> ops, Workload workload) {
        producedBy.put(ValueIds.NULL, Long.MIN_VALUE);
        for (LinOp op : RegisterOps.of(ops, workload, values)) {
            if (op.kind() == LinOp.Kind.READ) {
                continue;
            }
            int written = op.kind() == LinOp.Kind.WRITE ? op.arg() : op.arg2();
            producedBy.merge(written, op.ret(), Math::max);
            if (op.ret() != Long.MAX_VALUE) {
                acked.add(op);
            }
        }
        acked.sort(Comparator.comparingLong(LinOp::ret));
        ackedEnds = acked.stream().mapToLong(LinOp::ret).toArray();
        latestStartAmongEarlier = new long[acked.size()];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < acked.size(); i++) {
            max = Math.max(max, acked.get(i).call());
            latestStartAmongEarlier[i] = max;
        }
    }

    int id(com.fasterxml.jackson.databind.JsonNode value) {
        return values.of(value);
    }

    String name(int id) {
        return values.name(id);
    }

    /** Whether some write (acknowledged or not) could have produced the value; null always can. */
    boolean producible(int value) {
        return producedBy.containsKey(value);
    }

    /** Whether {@code value} was overwritten, in real time, by an acknowledged write invoked at {@code start}. */
    boolean supersededBy(int value, long start) {
        return producedBy.getOrDefault(value, Long.MIN_VALUE) < start;
    }

    /** The latest invocation time among acknowledged writes that completed before {@code time}, or MIN. */
    long latestAckedStartBefore(long time) {
        int i = Arrays.binarySearch(ackedEnds, time);
        int count = i >= 0 ? firstIndexOf(i, time) : -i - 1;
        return count == 0 ? Long.MIN_VALUE : latestStartAmongEarlier[count - 1];
    }

    private int firstIndexOf(int found, long time) {
        int i = found;
        while (i > 0 && ackedEnds[i - 1] == time) {
            i--;
        }
        return i;
    }

    /** Acknowledged writes no other acknowledged write followed in real time: one of them should survive. */
    List<LinOp> lastAcknowledged() {
        long latestStart = acked.stream().mapToLong(LinOp::call).max().orElse(Long.MIN_VALUE);
        return acked.stream().filter(a -> a.ret() >= latestStart).toList();
    }
}
