package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.Operation;
import java.util.List;
import java.util.Locale;

/**
 * A window of one key's operations that no order can explain.
 *
 * @param why what the window shows
 */
public record Counterexample(String key, List<LinOp> ops, Why why, ValueIds values) {
    public enum Why {
        /** The window fails whatever the key held before it: a self-contained proof. */
        ANY_INITIAL_VALUE("that cannot be linearized whatever the key held before them"),
        /** The shortest failing prefix of the key's history, from the initial null. */
        PREFIX("that cannot be linearized from the initial value null"),
        /** A read (or acknowledged cas) of a value no operation on the key wrote. */
        UNWRITTEN_VALUE("that observes a value no operation on the key wrote");

        private final String text;

        Why(String text) {
            this.text = text;
        }
    }

    /** A few lines: one per operation, times relative to the window's first call. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("key ").append(key).append(": ").append(ops.size()).append(ops.size() == 1 ? " operation " : " operations ")
                .append(why.text).append(':');
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
