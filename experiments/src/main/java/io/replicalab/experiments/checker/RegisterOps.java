package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one key's register (or kv) operations into {@link LinOp}s: failed operations did not happen
 * and are dropped; reads with an unknown result constrain nothing and are dropped; writes and cas with
 * an unknown outcome may have applied, so they stay with an open-ended completion.
 */
public final class RegisterOps {
    private RegisterOps() {
    }

    public static List<LinOp> of(List<Operation> ops, Workload workload, ValueIds values) {
        List<LinOp> out = new ArrayList<>();
        for (Operation op : ops) {
            EventType outcome = op.outcome();
            if (outcome == EventType.FAIL) {
                continue;
            }
            boolean ok = outcome == EventType.OK;
            long ret = ok ? op.end() : Long.MAX_VALUE;
            String f = op.invoke().f();
            LinOp lin = switch (f) {
                case "read", "get" -> ok ? new LinOp(out.size(), LinOp.Kind.READ, values.of(op.completion().value()), 0,
                        op.start(), ret, op) : null;
                case "write", "put" -> new LinOp(out.size(), LinOp.Kind.WRITE, values.of(op.invoke().value()), 0,
                        op.start(), ret, op);
                case "delete" -> new LinOp(out.size(), LinOp.Kind.WRITE, ValueIds.NULL, 0, op.start(), ret, op);
                case "cas" -> cas(out.size(), op, ok, ret, values);
                default -> null;
            };
            if (lin != null) {
                out.add(lin);
            }
        }
        return out;
    }

    private static LinOp cas(int id, Operation op, boolean ok, long ret, ValueIds values) {
        JsonNode v = op.invoke().value();
        if (v == null || !v.isArray() || v.size() != 2) {
            throw new BadRunException("history event " + op.invoke().index() + ": cas value must be [expected, new], got " + v);
        }
        return new LinOp(id, ok ? LinOp.Kind.CAS : LinOp.Kind.CAS_MAYBE, values.of(v.get(0)), values.of(v.get(1)),
                op.start(), ret, op);
    }

    /**
     * Drops writes and cas with an unknown outcome whose written value no read returns and no cas expects.
     * Such an operation can always be linearized last, after everything (its completion is open-ended),
     * and wherever else it is linearized nothing observes the value it wrote until another write replaces
     * it; so the history is linearizable with it iff it is without it. This is what keeps timed-out
     * writes of fresh values from multiplying the search.
     */
    public static List<LinOp> pruneUnobservedUnknowns(List<LinOp> ops) {
        java.util.Set<Integer> observed = new java.util.HashSet<>();
        for (LinOp op : ops) {
            if (op.kind() != LinOp.Kind.WRITE) {
                observed.add(op.arg());
            }
        }
        List<LinOp> kept = new ArrayList<>(ops.size());
        for (LinOp op : ops) {
            boolean unknown = op.ret() == Long.MAX_VALUE;
            int written = op.kind() == LinOp.Kind.WRITE ? op.arg() : op.arg2();
            if (unknown && op.kind() != LinOp.Kind.READ && !observed.contains(written)) {
                continue;
            }
            kept.add(op.withId(kept.size()));
        }
        return kept;
    }

    /** A read of a value that no write or cas on the key wrote (and not the initial null): never linearizable. */
    public static java.util.Optional<LinOp> readOfUnwrittenValue(List<LinOp> ops) {
        java.util.Set<Integer> written = new java.util.HashSet<>();
        written.add(ValueIds.NULL);
        for (LinOp op : ops) {
            if (op.kind() == LinOp.Kind.WRITE) {
                written.add(op.arg());
            } else if (op.kind() != LinOp.Kind.READ) {
                written.add(op.arg2());
            }
        }
        return ops.stream().filter(op -> (op.kind() == LinOp.Kind.READ || op.kind() == LinOp.Kind.CAS)
                && !written.contains(op.arg())).findFirst();
    }
}
