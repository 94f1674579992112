package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Throughput and latency of the main phase: acknowledged operations per second, and HdrHistogram
 * percentiles (p50/p99/p99.9/max) of acknowledged operations per operation type. A measurement: always
 * valid.
 */
public final class PerformanceChecker implements Checker {
    public static final String NAME = "performance";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        return run.mainOperations().stream().anyMatch(op -> op.outcome() == EventType.OK) ? Optional.empty()
                : Optional.of("no acknowledged operation before the final reads");
    }

    /** Latency percentiles of one operation type, in ms. */
    public record Latency(String f, long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
    }

    public static List<Latency> latencies(List<Operation> ops) {
        Map<String, Histogram> byF = new TreeMap<>();
        for (Operation op : ops) {
            if (op.outcome() == EventType.OK) {
                byF.computeIfAbsent(op.invoke().f(), f -> new Histogram(3))
                        .recordValue(Math.max(0, (op.end() - op.start()) / 1_000));
            }
        }
        List<Latency> out = new ArrayList<>();
        byF.forEach((f, h) -> out.add(new Latency(f, h.getTotalCount(), h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3)));
        return out;
    }

    @Override
    public CheckResult check(RunData run) {
        List<Operation> ops = run.mainOperations();
        long ok = ops.stream().filter(op -> op.outcome() == EventType.OK).count();
        long from = ops.get(0).start();
        double seconds = Math.max(1e-9, (run.mainPhaseEnd() - from) / 1e9);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("acknowledgedOperations", ok);
        numbers.put("durationS", seconds);
        numbers.put("throughputPerS", ok / seconds);
        List<String> examples = new ArrayList<>();
        Map<String, Object> perOp = new LinkedHashMap<>();
        for (Latency l : latencies(ops)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", l.count());
            m.put("p50Ms", l.p50Ms());
            m.put("p99Ms", l.p99Ms());
            m.put("p999Ms", l.p999Ms());
            m.put("maxMs", l.maxMs());
            perOp.put(l.f(), m);
            examples.add(String.format(Locale.ROOT, "%s: %d acknowledged, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                    l.f(), l.count(), l.p50Ms(), l.p99Ms(), l.p999Ms(), l.maxMs()));
        }
        numbers.put("latency", perOp);
        String summary = String.format(Locale.ROOT, "%.0f acknowledged ops/s over %.1f s", ok / seconds, seconds);
        return new CheckResult(NAME, Verdict.VALID, summary, numbers, examples);
    }
}
