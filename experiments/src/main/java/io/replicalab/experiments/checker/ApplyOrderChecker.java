package io.replicalab.experiments.checker;

import io.replicalab.node.applylog.ApplyLogEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replica apply-order divergence from apply-logs/*.jsonl ("converge in value, not history"): per key,
 * do the replicas apply the writes they share in the same order; and over the whole log, is every
 * replica's order of application the same. Only a run whose consistency claims linearizability is held
 * to one order (its verdict can be invalid); for other runs the figures are a measurement.
 */
public final class ApplyOrderChecker implements Checker {
    public static final String NAME = "apply-order";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        return run.applyLogs().size() >= 2 ? Optional.empty()
                : Optional.of("apply-logs/ holds " + run.applyLogs().size() + " replica logs; comparing orders needs two");
    }

    @Override
    public CheckResult check(RunData run) {
        Map<String, Map<String, List<String>>> perKey = new TreeMap<>();
        Map<String, List<String>> whole = new TreeMap<>();
        run.applyLogs().forEach((node, entries) -> {
            List<String> all = new ArrayList<>();
            for (ApplyLogEntry e : entries) {
                perKey.computeIfAbsent(e.key(), k -> new TreeMap<>()).computeIfAbsent(node, n -> new ArrayList<>())
                        .add(e.writeId());
                all.add(e.key() + "/" + e.writeId());
            }
            whole.put(node, all);
        });
        Examples examples = new Examples();
        long sharedKeys = 0;
        long divergentKeys = 0;
        long missing = 0;
        for (Map.Entry<String, Map<String, List<String>>> key : perKey.entrySet()) {
            Map<String, List<String>> orders = key.getValue();
            missing += notEverywhere(orders, run.applyLogs().size());
            if (orders.size() < 2) {
                continue;
            }
            sharedKeys++;
            Optional<String> diff = firstDisagreement(orders);
            if (diff.isPresent()) {
                divergentKeys++;
                examples.add("key " + key.getKey() + ": " + diff.get());
            }
        }
        Optional<String> wholeDiff = firstDisagreement(whole);
        boolean prefixes = logsArePrefixes(whole);
        wholeDiff.ifPresent(d -> examples.add("whole log: " + d));
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("replicas", run.applyLogs().size());
        numbers.put("keysOnSeveralReplicas", sharedKeys);
        numbers.put("keysWithDivergentOrder", divergentKeys);
        numbers.put("divergentKeyShare", sharedKeys == 0 ? 0.0 : (double) divergentKeys / sharedKeys);
        numbers.put("wholeLogOrderAgrees", wholeDiff.isEmpty());
        numbers.put("logsArePrefixesOfOneLog", prefixes);
        numbers.put("writesNotOnEveryReplica", missing);
        boolean oneOrder = divergentKeys == 0 && wholeDiff.isEmpty();
        boolean promised = run.claimsLinearizable();
        Verdict verdict = promised && !oneOrder ? Verdict.INVALID : Verdict.VALID;
        String summary = divergentKeys + " of " + sharedKeys + " keys applied in divergent orders"
                + (wholeDiff.isEmpty() ? ", one order over the whole log" : ", whole-log orders differ")
                + (promised ? "" : " (measurement: the run's consistency does not promise one order)");
        return new CheckResult(NAME, verdict, summary, numbers, examples.list());
    }

    /** Per pair of replicas, the writes both applied must come in the same order. */
    private static Optional<String> firstDisagreement(Map<String, List<String>> orders) {
        List<String> nodes = new ArrayList<>(orders.keySet());
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                List<String> a = orders.get(nodes.get(i));
                List<String> b = orders.get(nodes.get(j));
                Set<String> common = new HashSet<>(a);
                common.retainAll(new HashSet<>(b));
                List<String> pa = a.stream().filter(common::contains).toList();
                List<String> pb = b.stream().filter(common::contains).toList();
                if (!pa.equals(pb)) {
                    return Optional.of(nodes.get(i) + " applied " + head(pa) + " but " + nodes.get(j) + " applied " + head(pb));
                }
            }
        }
        return Optional.empty();
    }

    private static String head(List<String> xs) {
        return xs.size() <= 6 ? xs.toString() : xs.subList(0, 6) + "... (" + xs.size() + ")";
    }

    private static boolean logsArePrefixes(Map<String, List<String>> logs) {
        List<String> longest = logs.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElse(List.of());
        return logs.values().stream().allMatch(l -> longest.subList(0, l.size()).equals(l));
    }

    private static long notEverywhere(Map<String, List<String>> orders, int replicas) {
        Map<String, Integer> count = new java.util.HashMap<>();
        orders.values().forEach(ids -> new HashSet<>(ids).forEach(id -> count.merge(id, 1, Integer::sum)));
        return count.values().stream().filter(c -> c < replicas).count();
    }
}
