package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.Operation;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The main phase (before the final reads) in one-second buckets by completion time: operations per
 * outcome, acknowledged writes, and the latency percentiles of the acknowledged operations completed in
 * each second. Operations that never completed are not in any bucket.
 */
public final class Timeline {
    private final long[] ok;
    private final long[] fail;
    private final long[] info;
    private final long[] okWrites;
    private final double[] p50Ms;
    private final double[] p99Ms;

    private Timeline(int seconds) {
        ok = new long[seconds];
        fail = new long[seconds];
        info = new long[seconds];
        okWrites = new long[seconds];
        p50Ms = new double[seconds];
        p99Ms = new double[seconds];
    }

    /** How many one-second buckets the main phase of {@code run} spans. */
    public static int seconds(RunData run) {
        return (int) (run.mainPhaseEnd() / 1_000_000_000L) + 1;
    }

    /** The bucket of {@code nanos}; anything later (the final phase, "never") goes in the last one. */
    public static int second(long nanos, int seconds) {
        return (int) Math.max(0, Math.min(seconds - 1, nanos / 1_000_000_000L));
    }

    public static Timeline of(RunData run) {
        return of(run, 0);
    }

    /** The timeline with bucket 0 starting {@code skipSeconds} into the history (to line up several runs). */
    public static Timeline of(RunData run, int skipSeconds) {
        List<Operation> ops = run.mainOperations();
        int seconds = Math.max(1, seconds(run) - skipSeconds);
        long origin = skipSeconds * 1_000_000_000L;
        Timeline t = new Timeline(seconds);
        Histogram[] latencies = new Histogram[seconds];
        for (Operation op : ops) {
            if (op.completion() == null || op.end() < origin) {
                continue;
            }
            int s = second(op.end() - origin, seconds);
            switch (op.outcome()) {
                case OK -> {
                    t.ok[s]++;
                    if (run.workload().isWrite(op.invoke().f())) {
                        t.okWrites[s]++;
                    }
                    if (latencies[s] == null) {
                        latencies[s] = new Histogram(3);
                    }
                    latencies[s].recordValue(Math.max(0, (op.end() - op.start()) / 1_000));
                }
                case FAIL -> t.fail[s]++;
                default -> t.info[s]++;
            }
        }
        for (int s = 0; s < seconds; s++) {
            t.p50Ms[s] = latencies[s] == null ? Double.NaN : latencies[s].getValueAtPercentile(50) / 1e3;
            t.p99Ms[s] = latencies[s] == null ? Double.NaN : latencies[s].getValueAtPercentile(99) / 1e3;
        }
        return t;
    }

    public int seconds() {
        return ok.length;
    }

    /** Acknowledged operations completed in each second. */
    public long[] ok() {
        return ok.clone();
    }

    public long[] fail() {
        return fail.clone();
    }

    public long[] info() {
        return info.clone();
    }

    public long[] okWrites() {
        return okWrites.clone();
    }

    /** Median latency (ms) of the acknowledged operations of each second; NaN for a second without any. */
    public double[] p50Ms() {
        return p50Ms.clone();
    }

    public double[] p99Ms() {
        return p99Ms.clone();
    }

    /** Share of completed operations that were acknowledged, per second (NaN when none completed). */
    public double[] okShare() {
        double[] share = new double[ok.length];
        for (int s = 0; s < ok.length; s++) {
            long all = ok[s] + fail[s] + info[s];
            share[s] = all == 0 ? Double.NaN : (double) ok[s] / all;
        }
        return share;
    }
}
