package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.Operation;
import io.replicalab.node.applylog.ApplyLogEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Convergence after heal, as far as the run's data allows: do the final reads of one key agree across
 * the nodes they contacted (needs final reads of one key from several nodes); how many final reads still
 * carry siblings (needs reads that return sibling lists: an array for register/kv); and how long after
 * the last fault stopped replicas were still applying writes (needs apply logs with wall times, which a
 * clock-offset fault shifts).
 */
public final class ConvergenceChecker implements Checker {
    public static final String NAME = "convergence";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        if (keysReadOnSeveralNodes(run).isEmpty() && run.applyLogs().isEmpty()) {
            return Optional.of("needs final reads of a key from several nodes or apply logs; this run has neither");
        }
        return Optional.empty();
    }

    /** Successful final reads per key and node (the last read of each node counts). */
    private static Map<String, Map<String, JsonNode>> keysReadOnSeveralNodes(RunData run) {
        Map<String, Map<String, JsonNode>> byKey = new LinkedHashMap<>();
        for (Operation op : run.finalOperations()) {
            if (op.outcome() == EventType.OK && run.workload().isRead(op.invoke().f()) && op.invoke().node() != null) {
                byKey.computeIfAbsent(op.invoke().key(), k -> new java.util.TreeMap<>())
                        .put(op.invoke().node(), op.completion().value());
            }
        }
        byKey.values().removeIf(nodes -> nodes.size() < 2);
        return byKey;
    }

    @Override
    public CheckResult check(RunData run) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        Examples examples = new Examples();
        List<String> missing = new ArrayList<>();
        Map<String, Map<String, JsonNode>> reads = keysReadOnSeveralNodes(run);
        long disagreeing = 0;
        long siblings = 0;
        for (Map.Entry<String, Map<String, JsonNode>> e : reads.entrySet()) {
            List<Object> distinct = e.getValue().values().stream().map(v -> canonical(v, run.workload())).distinct().toList();
            if (distinct.size() > 1) {
                disagreeing++;
                examples.add("key " + e.getKey() + ": final reads differ by node " + e.getValue());
            }
            if (!run.workload().accumulates()) {
                siblings += e.getValue().values().stream().filter(v -> v != null && v.isArray() && v.size() > 1).count();
            }
        }
        if (reads.isEmpty()) {
            missing.add("no key was read from several nodes after heal");
        } else {
            numbers.put("keysReadOnSeveralNodes", reads.size());
            numbers.put("keysWhoseFinalReadsDisagree", disagreeing);
            numbers.put("finalReadsWithSiblings", siblings);
        }
        Optional<Long> lastFaultStopWall = run.history().events().stream()
                .filter(ev -> ev.type() == EventType.NEMESIS && ev.f().equals("stop")).map(HistoryEvent::wall)
                .max(Long::compare);
        LastApply last = lastApply(run);
        if (last != null && lastFaultStopWall.isPresent()) {
            long ms = last.wall - lastFaultStopWall.get();
            numbers.put("lastApplyAfterHealMs", ms);
            examples.add("last write applied " + ms + " ms after the last fault stopped (on " + last.node + ")");
        } else {
            missing.add(last == null ? "no apply logs" : "no fault was stopped");
        }
        if (!missing.isEmpty()) {
            numbers.put("missingData", missing);
        }
        Verdict verdict = disagreeing > 0 ? Verdict.INVALID : Verdict.VALID;
        String summary = (reads.isEmpty() ? "" : disagreeing + " of " + reads.size() + " keys read differently by node")
                + (numbers.containsKey("lastApplyAfterHealMs")
                        ? (reads.isEmpty() ? "" : ", ") + "last apply " + numbers.get("lastApplyAfterHealMs") + " ms after heal" : "")
                + (missing.isEmpty() ? "" : " (" + String.join("; ", missing) + ")");
        return new CheckResult(NAME, verdict, summary.strip(), numbers, examples.list());
    }

    private record LastApply(String node, long wall) {
    }

    private static LastApply lastApply(RunData run) {
        LastApply last = null;
        for (Map.Entry<String, List<ApplyLogEntry>> e : run.applyLogs().entrySet()) {
            for (ApplyLogEntry entry : e.getValue()) {
                if (last == null || entry.appliedAtMillis() > last.wall()) {
                    last = new LastApply(e.getKey(), entry.appliedAtMillis());
                }
            }
        }
        return last;
    }

    /** Cart reads compare as sets (order is not part of a cart), everything else as read. */
    private static Object canonical(JsonNode v, Workload workload) {
        if (workload == Workload.CART && v != null && v.isArray()) {
            TreeSet<String> set = new TreeSet<>();
            v.forEach(x -> set.add(x.toString()));
            return set;
        }
        return Objects.toString(v);
    }
}
