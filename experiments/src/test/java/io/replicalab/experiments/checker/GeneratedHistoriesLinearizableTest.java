package io.replicalab.experiments.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replicalab.experiments.history.History;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class GeneratedHistoriesLinearizableTest {
    @Property(tries = 60)
    void historiesOfASequentialExecutionWithOverlappingIntervalsAreLinearizable(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int operations,
            @ForAll @IntRange(min = 1, max = 4) int keys, @ForAll @IntRange(min = 1, max = 8) int clients,
            @ForAll @IntRange(min = 1, max = 5) int values, @ForAll @DoubleRange(min = 0, max = 0.3) double infoRate) {
        History h = RegisterHistories.generate(new RegisterHistories.Options(seed, operations, keys, clients, values,
                infoRate));
        List<LinearizabilityChecker.KeyResult> results = new LinearizabilityChecker(50_000_000)
                .checkKeys(h.operations(), Workload.REGISTER);
        for (LinearizabilityChecker.KeyResult k : results) {
            assertEquals(WglSearch.Outcome.LINEARIZABLE, k.outcome(),
                    () -> k.counterexample().map(Counterexample::format).orElse(k.toString()));
        }
    }
}
