package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads (before the final-reads phase) that missed a write acknowledged before the read was invoked.
 * Register/kv: the value read was overwritten, in real time, by such a write (concurrent writes are
 * given the benefit of the doubt). Cart/list-append: an element acknowledged before the read began is
 * missing from it. Reads of values no write attempted are counted apart.
 */
public final class StaleReadsChecker implements Checker {
    public static final String NAME = "stale-reads";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        return reads(run).isEmpty() ? Optional.of("no successful read before the final-reads phase") : Optional.empty();
    }

    private static List<Operation> reads(RunData run) {
        return run.mainOperations().stream()
                .filter(op -> op.outcome() == EventType.OK && run.workload().isRead(op.invoke().f())).toList();
    }

    private static final class Tally {
        long reads;
        long stale;
        long neverWritten;
        final Examples examples = new Examples();
        final long[] stalePerSecond;

        Tally(int seconds) {
            stalePerSecond = new long[seconds];
        }

        void stale(Operation read, String example) {
            stale++;
            stalePerSecond[Timeline.second(read.start(), stalePerSecond.length)]++;
            examples.add(example);
        }
    }

    @Override
    public CheckResult check(RunData run) {
        Map<String, List<Operation>> byKey = Keys.group(run.history().operations());
        Map<String, List<Operation>> readsByKey = Keys.group(reads(run));
        Tally t = new Tally(Timeline.seconds(run));
        readsByKey.forEach((key, reads) -> {
            t.reads += reads.size();
            if (run.workload().accumulates()) {
                checkSetKey(key, byKey.get(key), reads, t);
            } else {
                checkRegisterKey(key, byKey.get(key), reads, run.workload(), t);
            }
        });
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("reads", t.reads);
        numbers.put("stale", t.stale);
        numbers.put("staleShare", t.reads == 0 ? 0.0 : (double) t.stale / t.reads);
        numbers.put("neverWrittenValuesRead", t.neverWritten);
        numbers.put("stalePerSecondOfRead", t.stalePerSecond);
        Verdict verdict = t.stale > 0 || t.neverWritten > 0 ? Verdict.INVALID : Verdict.VALID;
        String summary = t.stale + " of " + t.reads + " reads stale"
                + (t.neverWritten > 0 ? ", " + t.neverWritten + " read never-written values" : "");
        return new CheckResult(NAME, verdict, summary, numbers, t.examples.list());
    }

    private static void checkRegisterKey(String key, List<Operation> keyOps, List<Operation> reads, Workload workload,
                                         Tally t) {
        RegisterIndex index = new RegisterIndex(keyOps, workload);
        for (Operation read : reads) {
            int v = index.id(read.completion().value());
            if (!index.producible(v)) {
                t.neverWritten++;
                t.examples.add("key " + key + ": " + Describe.op(read) + " returned " + index.name(v) + ", which no write attempted");
                continue;
            }
            long latest = index.latestAckedStartBefore(read.start());
            if (latest != Long.MIN_VALUE && index.supersededBy(v, latest)) {
                t.stale(read, "key " + key + ": " + Describe.op(read) + " returned " + index.name(v)
                        + ", overwritten by a write acknowledged before the read began");
            }
        }
    }

    private static void checkSetKey(String key, List<Operation> keyOps, List<Operation> reads, Tally t) {
        List<Operation> acked = keyOps.stream()
                .filter(op -> op.outcome() == EventType.OK && !op.invoke().f().equals("read"))
                .sorted(Comparator.comparingLong(Operation::end)).toList();
        Set<String> attempted = new HashSet<>();
        keyOps.stream().filter(op -> !op.invoke().f().equals("read") && op.invoke().value() != null)
                .forEach(op -> attempted.add(op.invoke().value().toString()));
        for (Operation read : reads) {
            Set<String> seen = new HashSet<>();
            JsonNode value = read.completion().value();
            if (value != null) {
                value.forEach(e -> seen.add(e.toString()));
            }
            for (String e : seen) {
                if (!attempted.contains(e)) {
                    t.neverWritten++;
                    t.examples.add("key " + key + ": " + Describe.op(read) + " holds " + e + ", which no write attempted");
                }
            }
            List<String> missing = new ArrayList<>();
            for (Operation w : acked) {
                if (w.end() >= read.start()) {
                    break;
                }
                if (!seen.contains(w.invoke().value().toString())) {
                    missing.add(w.invoke().value().toString());
                }
            }
            if (!missing.isEmpty()) {
                t.stale(read, "key " + key + ": " + Describe.op(read) + " misses " + missing.size()
                        + " acknowledged element(s), e.g. " + missing.subList(0, Math.min(3, missing.size())));
            }
        }
    }
}
