package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.Operation;

/**
 * One operation on one key as the linearizability search sees it: values interned to ints
 * ({@link ValueIds}), times in ns, an unknown completion as {@code ret = Long.MAX_VALUE}.
 *
 * @param arg the value written or read; for a cas the expected value
 * @param arg2 for a cas the new value, unused otherwise
 * @param source the history operation, for counterexamples (null for generated ones)
 */
public record LinOp(int id, Kind kind, int arg, int arg2, long call, long ret, Operation source) {
    public enum Kind {
        READ,
        WRITE,
        /** Acknowledged compare-and-set: it applied, so the register held the expected value. */
        CAS,
        /** Compare-and-set with an unknown outcome: applies if the expected value is there, else does nothing. */
        CAS_MAYBE
    }

    public LinOp withId(int newId) {
        return new LinOp(newId, kind, arg, arg2, call, ret, source);
    }

    /** This operation as seen by a history cut at {@code time}: still running, its outcome not known yet. */
    public LinOp pendingAt() {
        return new LinOp(id, kind == Kind.CAS ? Kind.CAS_MAYBE : kind, arg, arg2, call, Long.MAX_VALUE, source);
    }
}
