package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-key linearizability of register and kv histories (P-compositionality: a history is linearizable
 * iff every key's sub-history is), each key by {@link WglSearch} over the {@link RegisterModel}. A key
 * whose search exceeds the step budget is "unknown", never guessed.
 */
public final class LinearizabilityChecker implements Checker {
    public static final String NAME = "linearizability";
    /** Steps per key; a key of a few thousand operations with modest concurrency needs far fewer. */
    public static final long DEFAULT_BUDGET = 2_000_000;

    private final long budgetPerKey;

    public LinearizabilityChecker() {
        this(DEFAULT_BUDGET);
    }

    public LinearizabilityChecker(long budgetPerKey) {
        this.budgetPerKey = budgetPerKey;
    }

    /** One key's outcome; {@code counterexample} is present when the key is not linearizable. */
    public record KeyResult(String key, WglSearch.Outcome outcome, int operations, long steps,
                            Optional<Counterexample> counterexample) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        return run.workload() == Workload.REGISTER || run.workload() == Workload.KV ? Optional.empty()
                : Optional.of("applies to register and kv histories, not " + run.workload().specName());
    }

    @Override
    public CheckResult check(RunData run) {
        long started = System.nanoTime();
        List<KeyResult> keys = checkKeys(run.history().operations(), run.workload());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        return summarize(keys, elapsedMs);
    }

    /**
     * Checks every key (in parallel: keys are independent) and returns the results in key order. The first
     * {@link CheckResult#MAX_EXAMPLES} keys that are not linearizable get a minimized counterexample.
     */
    public List<KeyResult> checkKeys(List<Operation> ops, Workload workload) {
        Map<String, List<Operation>> byKey = Keys.group(ops);
        List<KeyResult> searched = byKey.entrySet().parallelStream()
                .map(e -> checkKey(e.getKey(), e.getValue(), workload))
                .sorted(Comparator.comparing(KeyResult::key))
                .toList();
        List<KeyResult> out = new ArrayList<>(searched.size());
        int explained = 0;
        for (KeyResult k : searched) {
            if (k.outcome() == WglSearch.Outcome.NOT_LINEARIZABLE && explained++ < CheckResult.MAX_EXAMPLES) {
                out.add(explain(k, byKey.get(k.key()), workload));
            } else {
                out.add(k);
            }
        }
        return out;
    }

    /** Searches one key; no counterexample yet (minimizing costs several more searches). */
    public KeyResult checkKey(String key, List<Operation> ops, Workload workload) {
        List<LinOp> lin = RegisterOps.pruneUnobservedUnknowns(RegisterOps.of(ops, workload, new ValueIds()));
        if (RegisterOps.readOfUnwrittenValue(lin).isPresent()) {
            return new KeyResult(key, WglSearch.Outcome.NOT_LINEARIZABLE, lin.size(), 0, Optional.empty());
        }
        WglSearch.Result r = WglSearch.check(RegisterModel.INSTANCE, ValueIds.NULL, lin, budgetPerKey);
        return new KeyResult(key, r.outcome(), lin.size(), r.steps(), Optional.empty());
    }

    private KeyResult explain(KeyResult k, List<Operation> ops, Workload workload) {
        ValueIds values = new ValueIds();
        List<LinOp> lin = RegisterOps.pruneUnobservedUnknowns(RegisterOps.of(ops, workload, values));
        Optional<LinOp> unwritten = RegisterOps.readOfUnwrittenValue(lin);
        Counterexample cx = unwritten.isPresent()
                ? new Counterexample(k.key(), List.of(unwritten.get().withId(0)), Counterexample.Why.UNWRITTEN_VALUE, values)
                : new Counterexamples(RegisterModel.INSTANCE, budgetPerKey).minimize(k.key(), lin, values);
        return new KeyResult(k.key(), k.outcome(), k.operations(), k.steps(), Optional.of(cx));
    }

    private CheckResult summarize(List<KeyResult> keys, long elapsedMs) {
        long bad = count(keys, WglSearch.Outcome.NOT_LINEARIZABLE);
        long unknown = count(keys, WglSearch.Outcome.BUDGET_EXCEEDED);
        Verdict verdict = bad > 0 ? Verdict.INVALID : unknown > 0 ? Verdict.UNKNOWN : Verdict.VALID;
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("keys", keys.size());
        numbers.put("keysNotLinearizable", bad);
        numbers.put("keysUnknown", unknown);
        numbers.put("operations", keys.stream().mapToLong(KeyResult::operations).sum());
        numbers.put("searchSteps", keys.stream().mapToLong(KeyResult::steps).sum());
        numbers.put("budgetPerKey", budgetPerKey);
        numbers.put("elapsedMs", elapsedMs);
        List<String> examples = new ArrayList<>();
        keys.stream().flatMap(k -> k.counterexample().stream()).limit(CheckResult.MAX_EXAMPLES)
                .forEach(cx -> examples.add(cx.format()));
        keys.stream().filter(k -> k.outcome() == WglSearch.Outcome.BUDGET_EXCEEDED).limit(CheckResult.MAX_EXAMPLES)
                .forEach(k -> examples.add("key " + k.key() + ": unknown (search budget of " + budgetPerKey
                        + " steps exceeded over " + k.operations() + " operations)"));
        String summary = switch (verdict) {
            case VALID -> keys.size() + " keys linearizable";
            case INVALID -> bad + " of " + keys.size() + " keys not linearizable";
            case UNKNOWN -> unknown + " of " + keys.size() + " keys unknown (search budget exceeded)";
        };
        return new CheckResult(NAME, verdict, summary, numbers, examples);
    }

    private static long count(List<KeyResult> keys, WglSearch.Outcome outcome) {
        return keys.stream().filter(k -> k.outcome() == outcome).count();
    }
}
