package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Availability during the faulty part of the run: acknowledged operations per second, the longest
 * stretch without an acknowledged write while clients were writing (not the quiet time after the workload), and per fault the failover time (from the fault's start to the
 * first acknowledged write invoked after it). A measurement: its verdict is always valid.
 */
public final class AvailabilityChecker implements Checker {
    public static final String NAME = "availability";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        return run.mainOperations().isEmpty() ? Optional.of("no operation before the final reads") : Optional.empty();
    }

    /** The longest stretch without an acknowledged write, in ns since the history began. */
    public record Gap(long from, long to) {
        long length() {
            return to - from;
        }
    }

    @Override
    public CheckResult check(RunData run) {
        List<Operation> ops = run.mainOperations();
        Timeline timeline = Timeline.of(run);
        List<Operation> writes = ops.stream().filter(op -> run.workload().isWrite(op.invoke().f())).toList();
        List<FaultWindow> windows = FaultWindow.of(run.history());
        Map<String, Object> numbers = new LinkedHashMap<>();
        long completed = ops.stream().filter(op -> op.completion() != null).count();
        long ok = ops.stream().filter(op -> op.outcome() == EventType.OK).count();
        numbers.put("operations", ops.size());
        numbers.put("okShare", completed == 0 ? 0.0 : (double) ok / completed);
        numbers.put("okPerSecond", timeline.ok());
        List<String> examples = new ArrayList<>();
        String summary = String.format(Locale.ROOT, "%.1f%% of completed operations acknowledged", 100.0 * ok / Math.max(1, completed));
        if (!writes.isEmpty()) {
            Gap gap = longestWriteGap(writes, ops.get(0).start(), lastWriteEnd(writes, run.mainPhaseEnd()));
            numbers.put("longestWriteGapMs", gap.length() / 1_000_000);
            numbers.put("longestWriteGapFromS", gap.from() / 1e9);
            numbers.put("longestWriteGapToS", gap.to() / 1e9);
            examples.add("longest time without an acknowledged write: " + gap.length() / 1_000_000 + " ms from "
                    + Describe.seconds(gap.from()) + " to " + Describe.seconds(gap.to()) + " (during "
                    + FaultWindow.during(windows, gap.from(), gap.to()) + ")");
            List<Map<String, Object>> failovers = new ArrayList<>();
            Long worst = null;
            for (FaultWindow w : windows) {
                Long ms = failoverMs(w, writes);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("fault", w.describe());
                f.put("failoverMs", ms);
                failovers.add(f);
                examples.add("failover after " + w.describe() + ": "
                        + (ms == null ? "no acknowledged write afterwards" : ms + " ms"));
                if (ms != null && (worst == null || ms > worst)) {
                    worst = ms; // not a nested ?: mixing Long and long, which unboxes a null worst
                }
            }
            numbers.put("failovers", failovers);
            numbers.put("worstFailoverMs", worst);
            summary += ", longest write gap " + gap.length() / 1_000_000 + " ms"
                    + (worst == null ? "" : ", worst failover " + worst + " ms");
        }
        return new CheckResult(NAME, Verdict.VALID, summary, numbers, examples);
    }

    /**
     * When the clients stopped trying to write: the last write's completion (the phase end for one that never
     * completed). The gap measured runs up to here, not to the final reads, so the quiesce after the workload
     * (no write attempted at all) is not counted as unavailability.
     */
    static long lastWriteEnd(List<Operation> writes, long mainPhaseEnd) {
        return writes.stream().mapToLong(op -> Math.min(op.end(), mainPhaseEnd)).max().orElse(mainPhaseEnd);
    }

    static Gap longestWriteGap(List<Operation> writes, long from, long to) {
        long[] acks = writes.stream().filter(op -> op.outcome() == EventType.OK).mapToLong(Operation::end).sorted().toArray();
        Gap best = new Gap(from, acks.length == 0 ? to : Math.max(from, acks[0]));
        long previous = best.to();
        for (int i = 1; i <= acks.length; i++) {
            long next = i < acks.length ? acks[i] : Math.max(previous, to);
            if (next - previous > best.length()) {
                best = new Gap(previous, next);
            }
            previous = next;
        }
        return best;
    }

    /** Milliseconds from the fault's start to the first acknowledged write invoked at or after it; null if none. */
    static Long failoverMs(FaultWindow w, List<Operation> writes) {
        return writes.stream().filter(op -> op.outcome() == EventType.OK && op.start() >= w.start())
                .mapToLong(Operation::end).min().stream().mapToObj(end -> (end - w.start()) / 1_000_000).findFirst()
                .orElse(null);
    }
}
