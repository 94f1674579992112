package io.replicalab.experiments.bench;

import io.replicalab.experiments.checker.LinearizabilityChecker;
import io.replicalab.experiments.checker.RegisterHistories;
import io.replicalab.experiments.checker.WglSearch;
import io.replicalab.experiments.checker.Workload;
import io.replicalab.experiments.history.History;
import java.util.List;

/**
 * Times the linearizability checker on a generated register history (linearizable by construction, so
 * every key must come out linearizable: the benchmark also checks the answer).
 */
public final class LinearizabilityBenchmark {
    /** @param generateMs time to build the history; checkMs time of the check itself */
    public record Result(int operations, int keys, long generateMs, long checkMs, long linearizableKeys,
                         long searchSteps) {
    }

    private LinearizabilityBenchmark() {
    }

    public static Result run(RegisterHistories.Options options) {
        long t0 = System.nanoTime();
        History h = RegisterHistories.generate(options);
        long t1 = System.nanoTime();
        List<LinearizabilityChecker.KeyResult> keys = new LinearizabilityChecker().checkKeys(h.operations(), Workload.REGISTER);
        long t2 = System.nanoTime();
        long linearizable = keys.stream().filter(k -> k.outcome() == WglSearch.Outcome.LINEARIZABLE).count();
        long steps = keys.stream().mapToLong(LinearizabilityChecker.KeyResult::steps).sum();
        return new Result(h.operations().size(), keys.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, linearizable, steps);
    }
}
