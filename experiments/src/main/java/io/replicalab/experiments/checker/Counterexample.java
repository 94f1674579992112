package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.Operation;
import java.util.List;
import java.util.Locale;

/**
 * A window of one key's operations that no order can explain.
 *
 * @param anyInitialValue true when the window fails whatever the register held before it (it is then
 *     a self-contained proof); false when it is a prefix of the key's history from the initial null
 */
public record Counterexample(String key, List<LinOp> ops, boolean anyInitialValue, ValueIds values) {

    /** A few lines: one per operation, times relative to the window's first call. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("key ").append(key).append(": ").append(ops.size()).append(" operations that cannot be linearized ")
                .append(anyInitialValue ? "whatever the key held before them" : "from the initial value null")
                .append(':');
        long origin = ops.stream().mapToLong(LinOp::call).min().orElse(0);
        for (LinOp op : ops) {
            sb.append("\n  ").append(String.format(Locale.ROOT, "%-12s %-22s %-4s %9s .. %s", process(op), describe(op),
                    outcome(op), ms(op.call() - origin), op.ret() == Long.MAX_VALUE ? "(unknown)" : ms(op.ret() - origin)));
        }
        return sb.toString();
    }

    private static String process(LinOp op) {
        return op.source() == null ? "op " + op.id() : "process " + op.source().invoke().process();
    }

    private String describe(LinOp op) {
        return switch (op.kind()) {
            case READ -> "read -> " + values.name(op.arg());
            case WRITE -> "write " + values.name(op.arg());
            case CAS, CAS_MAYBE -> "cas " + values.name(op.arg()) + " -> " + values.name(op.arg2());
        };
    }

    private static String outcome(LinOp op) {
        Operation source = op.source();
        return source == null ? (op.ret() == Long.MAX_VALUE ? "info" : "ok") : source.outcome().jsonName();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
