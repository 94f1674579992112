package io.replicalab.experiments.checker;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing-Gong-Lowe linearizability search with Lowe's memoization, as Porcupine does it: call and
 * return entries in one doubly linked list in time order; linearizing an operation lifts its call and
 * return out of the list; reaching a return entry whose call was not lifted means backtracking. A
 * (set of linearized operations, model state) pair seen before is never explored again.
 *
 * <p>Operations with an unknown completion carry {@code ret = Long.MAX_VALUE}: they may be linearized
 * at any point after their call, including after everything else (where they change nothing observed).
 */
public final class WglSearch {
    public enum Outcome { LINEARIZABLE, NOT_LINEARIZABLE, BUDGET_EXCEEDED }

    /** @param steps search steps taken (each tries one entry) */
    public record Result(Outcome outcome, long steps) {
    }

    private static final int NIL = -1;

    private final Model model;
    private final List<LinOp> ops;
    private final int head;
    private final int[] next;
    private final int[] prev;
    private final int[] match;
    private final int[] opOf;

    private WglSearch(Model model, List<LinOp> ops) {
        this.model = model;
        this.ops = ops;
        int n = ops.size();
        head = 2 * n;
        next = new int[2 * n + 1];
        prev = new int[2 * n + 1];
        match = new int[2 * n + 1];
        opOf = new int[2 * n + 1];
        link();
    }

    /**
     * Searches for a linearization of {@code ops} (ids must be 0..n-1) starting in {@code initialState}, giving
     * up after {@code budget} steps.
     */
    public static Result check(Model model, int initialState, List<LinOp> ops, long budget) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).id() != i) {
                throw new IllegalArgumentException("operation ids must be 0.." + (ops.size() - 1));
            }
        }
        return new WglSearch(model, ops).run(initialState, budget);
    }

    /** Entries 0..n-1 are calls, n..2n-1 returns; sorted by time, a call before a return at the same time. */
    private void link() {
        int n = ops.size();
        Integer[] order = new Integer[2 * n];
        for (int e = 0; e < 2 * n; e++) {
            order[e] = e;
            opOf[e] = e < n ? e : e - n;
        }
        Arrays.sort(order, (a, b) -> {
            int byTime = Long.compare(time(a, n), time(b, n));
            return byTime != 0 ? byTime : Boolean.compare(a >= n, b >= n);
        });
        int last = head;
        prev[head] = NIL;
        for (int e : order) {
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = NIL;
        for (int i = 0; i < n; i++) {
            match[i] = i + n;
            match[i + n] = NIL;
        }
    }

    private long time(int entry, int n) {
        return entry < n ? ops.get(entry).call() : ops.get(entry - n).ret();
    }

    private Result run(int initialState, long budget) {
        int n = ops.size();
        long[] linearized = new long[(n + 63) / 64];
        Set<MemoKey> seen = new HashSet<>();
        int[] stackEntry = new int[n];
        int[] stackState = new int[n];
        int depth = 0;
        int state = initialState;
        int entry = next[head];
        long steps = 0;
        while (next[head] != NIL) {
            if (++steps > budget) {
                return new Result(Outcome.BUDGET_EXCEEDED, steps);
            }
            if (match[entry] != NIL) {
                int op = opOf[entry];
                int after = model.step(state, ops.get(op));
                if (after != Model.REJECT) {
                    linearized[op >>> 6] |= 1L << op;
                    if (seen.add(new MemoKey(linearized.clone(), after))) {
                        stackEntry[depth] = entry;
                        stackState[depth] = state;
                        depth++;
                        state = after;
                        lift(entry);
                        entry = next[head];
                        continue;
                    }
                    linearized[op >>> 6] &= ~(1L << op);
                }
                entry = next[entry];
            } else {
                // A return whose operation is not linearized yet: undo the last choice and try the next one.
                if (depth == 0) {
                    return new Result(Outcome.NOT_LINEARIZABLE, steps);
                }
                depth--;
                entry = stackEntry[depth];
                state = stackState[depth];
                int op = opOf[entry];
                linearized[op >>> 6] &= ~(1L << op);
                unlift(entry);
                entry = next[entry];
            }
        }
        return new Result(Outcome.LINEARIZABLE, steps);
    }

    private void lift(int call) {
        next[prev[call]] = next[call];
        prev[next[call]] = prev[call];
        int ret = match[call];
        next[prev[ret]] = next[ret];
        if (next[ret] != NIL) {
            prev[next[ret]] = prev[ret];
        }
    }

    private void unlift(int call) {
        int ret = match[call];
        next[prev[ret]] = ret;
        if (next[ret] != NIL) {
            prev[next[ret]] = ret;
        }
        next[prev[call]] = call;
        prev[next[call]] = call;
    }

    private record MemoKey(long[] linearized, int state) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MemoKey k && k.state == state && Arrays.equals(k.linearized, linearized);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(linearized) + state;
        }
    }
}
