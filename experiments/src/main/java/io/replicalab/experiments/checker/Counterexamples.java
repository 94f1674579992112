package io.replicalab.experiments.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shrinks a non-linearizable key history to a small window. First the shortest prefix that fails
 * (prefixes of a linearizable history are linearizable, so a binary search over cut times finds it);
 * then the latest start such that the window still fails whatever value the key held before it. Every
 * window returned was shown to fail by the search; when a search runs out of budget the window is not
 * shrunk further.
 */
final class Counterexamples {
    private final Model model;
    private final long budget;

    Counterexamples(Model model, long budget) {
        this.model = model;
        this.budget = budget;
    }

    Counterexample minimize(String key, List<LinOp> ops, ValueIds values) {
        long[] cuts = ops.stream().mapToLong(LinOp::ret).filter(t -> t != Long.MAX_VALUE).distinct().sorted().toArray();
        int lo = -1;
        int hi = cuts.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (fails(prefix(ops, cuts[mid]), ValueIds.NULL)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        List<LinOp> prefix = cuts.length == 0 ? ops : prefix(ops, cuts[hi]);
        long[] starts = prefix.stream().mapToLong(LinOp::ret).filter(t -> t != Long.MAX_VALUE).distinct().sorted().toArray();
        if (starts.length == 0 || !failsFromAnyState(prefix)) {
            return new Counterexample(key, prefix, Counterexample.Why.PREFIX, values);
        }
        int good = 0;
        int bad = starts.length;
        while (bad - good > 1) {
            int mid = (good + bad) >>> 1;
            if (failsFromAnyState(window(prefix, starts[mid]))) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return new Counterexample(key, window(prefix, starts[good]), Counterexample.Why.ANY_INITIAL_VALUE, values);
    }

    /** The history as it stood at {@code time}: later calls not made yet, running operations unfinished. */
    static List<LinOp> prefix(List<LinOp> ops, long time) {
        List<LinOp> out = new ArrayList<>();
        for (LinOp op : ops) {
            if (op.call() > time) {
                continue;
            }
            if (op.ret() <= time) {
                out.add(op.withId(out.size()));
            } else if (op.kind() != LinOp.Kind.READ) {
                out.add(op.pendingAt().withId(out.size()));
            }
        }
        return out;
    }

    /** The operations that had not completed before {@code start}. */
    private static List<LinOp> window(List<LinOp> ops, long start) {
        List<LinOp> out = new ArrayList<>();
        for (LinOp op : ops) {
            if (op.ret() >= start) {
                out.add(op.withId(out.size()));
            }
        }
        return out;
    }

    private boolean fails(List<LinOp> ops, int initial) {
        return WglSearch.check(model, initial, ops, budget).outcome() == WglSearch.Outcome.NOT_LINEARIZABLE;
    }

    /**
     * Only values that a read or a cas compares against can make a difference as the initial state; every
     * other value behaves like one value no operation mentions.
     */
    private boolean failsFromAnyState(List<LinOp> ops) {
        Set<Integer> candidates = new TreeSet<>(Set.of(ValueIds.NULL, Integer.MAX_VALUE));
        for (LinOp op : ops) {
            if (op.kind() != LinOp.Kind.WRITE) {
                candidates.add(op.arg());
            }
        }
        for (int initial : candidates) {
            if (!fails(ops, initial)) {
                return false;
            }
        }
        return true;
    }
}
