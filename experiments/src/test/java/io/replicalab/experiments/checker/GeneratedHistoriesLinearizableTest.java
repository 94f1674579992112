package io.replicalab.experiments.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
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

    /**
     * Mutation: one read is made to return a value whose every write was invoked only after the read had
     * returned. No order can explain that, and the search (not a shortcut) has to find it.
     */
    @Property(tries = 40)
    void aReadOfAValueWrittenOnlyLaterIsFound(@ForAll long seed, @ForAll @IntRange(min = 20, max = 300) int operations,
                                              @ForAll @IntRange(min = 1, max = 8) int clients) {
        History h = RegisterHistories.generate(new RegisterHistories.Options(seed, operations, 1, clients, 4, 0));
        List<Operation> ops = h.operations();
        Map<Long, Long> firstWriteCall = new HashMap<>();
        for (Operation op : ops) {
            JsonNode v = op.invoke().value();
            JsonNode written = op.invoke().f().equals("write") ? v : op.invoke().f().equals("cas") ? v.get(1) : null;
            if (written != null && op.outcome() != EventType.FAIL) {
                firstWriteCall.merge(written.asLong(), op.start(), Math::min);
            }
        }
        HistoryEvent victim = null;
        long value = -1;
        for (Operation op : ops) {
            if (op.invoke().f().equals("read") && op.outcome() == EventType.OK && victim == null) {
                for (Map.Entry<Long, Long> w : firstWriteCall.entrySet()) {
                    if (w.getValue() > op.end()) {
                        victim = op.completion();
                        value = w.getKey();
                    }
                }
            }
        }
        Assume.that(victim != null);
        List<HistoryEvent> events = new ArrayList<>(h.events());
        HistoryEvent e = victim;
        events.set((int) e.index(), new HistoryEvent(e.index(), e.type(), e.process(), e.f(), e.key(),
                JsonNodeFactory.instance.numberNode(value), e.node(), e.time(), e.wall(), e.error()));
        LinearizabilityChecker.KeyResult k = new LinearizabilityChecker(50_000_000)
                .checkKeys(new History(events).operations(), Workload.REGISTER).get(0);
        assertEquals(WglSearch.Outcome.NOT_LINEARIZABLE, k.outcome());
        String cx = k.counterexample().orElseThrow().format();
        assertTrue(cx.contains("read -> " + value), cx);
    }
}
