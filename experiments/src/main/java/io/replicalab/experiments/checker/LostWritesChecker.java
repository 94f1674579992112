package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Acknowledged writes missing from the final reads (Jepsen's set-full idea). For cart and list-append
 * every acknowledged add/append must be in the final reads of its key; for register and kv, where a
 * later write legitimately replaces an earlier one, one of the last acknowledged writes (those no other
 * acknowledged write followed) — or a write concurrent with or after them — must be what the final reads
 * show. Writes with an unknown outcome are counted apart, present or absent, never as lost. A write
 * absent from every final read of its key is lost; absent from only some is a convergence matter.
 */
public final class LostWritesChecker implements Checker {
    public static final String NAME = "lost-writes";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        if (!run.hasFinalReads()) {
            return Optional.of("the history has no final-reads phase marker, so no read is known to follow the heal");
        }
        return run.finalOperations().stream().anyMatch(op -> op.outcome() == EventType.OK)
                ? Optional.empty() : Optional.of("no final read succeeded");
    }

    private static final class Tally {
        long acknowledged;
        long lost;
        long infoPresent;
        long infoAbsent;
        long phantom;
        long keysWithoutFinalRead;
        final Map<String, Long> lostPerFault = new TreeMap<>();
        final Examples examples = new Examples();
        final long[] lostPerSecond;

        Tally(int seconds) {
            lostPerSecond = new long[seconds];
        }

        void lost(String key, Operation op, List<FaultWindow> windows) {
            lost++;
            lostPerSecond[Timeline.second(op.end(), lostPerSecond.length)]++;
            String during = FaultWindow.during(windows, op.start(), op.end());
            lostPerFault.merge(during, 1L, Long::sum);
            examples.add("key " + key + ": " + Describe.op(op) + " lost (during " + during + ")");
        }
    }

    @Override
    public CheckResult check(RunData run) {
        Map<String, List<Operation>> writes = Keys.group(run.mainOperations().stream()
                .filter(op -> run.workload().isWrite(op.invoke().f())).toList());
        Map<String, List<JsonNode>> finals = finalReads(run);
        List<FaultWindow> windows = FaultWindow.of(run.history());
        Map<String, List<Operation>> allByKey = Keys.group(run.history().operations());
        Tally t = new Tally(Timeline.seconds(run));
        writes.forEach((key, ops) -> {
            List<JsonNode> reads = finals.get(key);
            if (reads == null) {
                t.keysWithoutFinalRead++;
            } else if (run.workload().accumulates()) {
                checkSetKey(key, ops, reads, windows, t);
            } else {
                checkRegisterKey(key, allByKey.get(key), run.workload(), reads, windows, t);
            }
        });
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("acknowledgedWrites", t.acknowledged);
        numbers.put("lost", t.lost);
        numbers.put("lostPerFault", t.lostPerFault);
        numbers.put("lostPerSecondOfAck", t.lostPerSecond);
        numbers.put("infoWritesPresent", t.infoPresent);
        numbers.put("infoWritesAbsent", t.infoAbsent);
        numbers.put("neverWrittenButRead", t.phantom);
        numbers.put("keysWithoutFinalRead", t.keysWithoutFinalRead);
        Verdict verdict = t.lost > 0 || t.phantom > 0 ? Verdict.INVALID : Verdict.VALID;
        String summary = t.lost + " of " + t.acknowledged + " acknowledged writes lost"
                + (t.phantom > 0 ? ", " + t.phantom + " never-written values read" : "")
                + (t.keysWithoutFinalRead > 0 ? " (" + t.keysWithoutFinalRead + " keys had no final read)" : "");
        return new CheckResult(NAME, verdict, summary, numbers, t.examples.list());
    }

    /** Successful final reads per key. */
    private static Map<String, List<JsonNode>> finalReads(RunData run) {
        Map<String, List<JsonNode>> finals = new LinkedHashMap<>();
        for (Operation op : run.finalOperations()) {
            if (op.outcome() == EventType.OK && run.workload().isRead(op.invoke().f()) && op.invoke().key() != null) {
                finals.computeIfAbsent(op.invoke().key(), k -> new ArrayList<>()).add(op.completion().value());
            }
        }
        return finals;
    }

    private static void checkSetKey(String key, List<Operation> adds, List<JsonNode> reads, List<FaultWindow> windows,
                                    Tally t) {
        Set<String> seenAnywhere = new HashSet<>();
        reads.forEach(r -> r.forEach(e -> seenAnywhere.add(e.toString())));
        Set<String> attempted = new HashSet<>();
        for (Operation add : adds) {
            String element = String.valueOf(add.invoke().value());
            attempted.add(element);
            boolean present = seenAnywhere.contains(element);
            switch (add.outcome()) {
                case OK -> {
                    t.acknowledged++;
                    if (!present) {
                        t.lost(key, add, windows);
                    }
                }
                case INFO -> {
                    if (present) {
                        t.infoPresent++;
                    } else {
                        t.infoAbsent++;
                    }
                }
                default -> { }
            }
        }
        for (String element : seenAnywhere) {
            if (!attempted.contains(element)) {
                t.phantom++;
                t.examples.add("key " + key + ": final read holds " + element + ", which no write attempted");
            }
        }
    }

    private static void checkRegisterKey(String key, List<Operation> keyOps, Workload workload, List<JsonNode> reads,
                                         List<FaultWindow> windows, Tally t) {
        RegisterIndex index = new RegisterIndex(keyOps, workload);
        List<Integer> finalValues = reads.stream().map(index::id).toList();
        for (Operation op : keyOps) {
            if (workload.isWrite(op.invoke().f()) && op.outcome() == EventType.OK) {
                t.acknowledged++;
            } else if (workload.isWrite(op.invoke().f()) && op.outcome() == EventType.INFO) {
                int written = index.id(writtenValue(op));
                if (finalValues.contains(written)) {
                    t.infoPresent++;
                } else {
                    t.infoAbsent++;
                }
            }
        }
        for (int v : new HashSet<>(finalValues)) {
            if (!index.producible(v)) {
                t.phantom++;
                t.examples.add("key " + key + ": final read returned " + index.name(v) + ", which no write attempted");
            }
        }
        for (LinOp last : index.lastAcknowledged()) {
            if (finalValues.stream().allMatch(v -> index.supersededBy(v, last.call()))) {
                t.lost(key, last.source(), windows);
            }
        }
    }

    private static JsonNode writtenValue(Operation op) {
        JsonNode v = op.invoke().value();
        return switch (op.invoke().f()) {
            case "cas" -> v != null && v.size() == 2 ? v.get(1) : null;
            case "delete" -> null;
            default -> v;
        };
    }
}
