package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * List-append ordering: all successful reads of a key must be prefixes of one total order of its
 * appends. They are iff every read is a prefix of the longest read; a read that is not shows two
 * replicas (or two moments) that ordered the appends differently. A read listing an element twice is
 * reported as well.
 */
public final class ListAppendOrderChecker implements Checker {
    public static final String NAME = "list-append-order";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        return run.workload() == Workload.LIST_APPEND ? Optional.empty()
                : Optional.of("applies to list-append histories, not " + run.workload().specName());
    }

    @Override
    public CheckResult check(RunData run) {
        Map<String, List<Operation>> reads = Keys.group(run.history().operations().stream()
                .filter(op -> op.outcome() == EventType.OK && run.workload().isRead(op.invoke().f())).toList());
        long divergentReads = 0;
        long divergentKeys = 0;
        long duplicates = 0;
        long total = 0;
        Examples examples = new Examples();
        for (Map.Entry<String, List<Operation>> e : reads.entrySet()) {
            Operation longest = null;
            List<String> order = List.of();
            for (Operation r : e.getValue()) {
                List<String> list = elements(r);
                if (list.size() > order.size()) {
                    order = list;
                    longest = r;
                }
            }
            boolean keyDiverges = false;
            for (Operation r : e.getValue()) {
                total++;
                List<String> list = elements(r);
                if (new HashSet<>(list).size() != list.size()) {
                    duplicates++;
                    examples.add("key " + e.getKey() + ": " + Describe.op(r) + " lists an element twice: " + list);
                }
                if (!order.subList(0, Math.min(order.size(), list.size())).equals(list)) {
                    divergentReads++;
                    keyDiverges = true;
                    examples.add("key " + e.getKey() + ": " + Describe.op(r) + " read " + list
                            + " which is not a prefix of " + order + " read by " + Describe.op(longest));
                }
            }
            divergentKeys += keyDiverges ? 1 : 0;
        }
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("keys", reads.size());
        numbers.put("reads", total);
        numbers.put("keysWithDivergentOrder", divergentKeys);
        numbers.put("readsNotAPrefix", divergentReads);
        numbers.put("readsWithDuplicates", duplicates);
        Verdict verdict = divergentReads > 0 || duplicates > 0 ? Verdict.INVALID : Verdict.VALID;
        String summary = divergentKeys + " of " + reads.size() + " keys read in divergent orders"
                + (duplicates > 0 ? ", " + duplicates + " reads with duplicates" : "");
        return new CheckResult(NAME, verdict, summary, numbers, examples.list());
    }

    private static List<String> elements(Operation read) {
        List<String> out = new ArrayList<>();
        if (read.completion().value() != null) {
            read.completion().value().forEach(v -> out.add(v.toString()));
        }
        return out;
    }
}
