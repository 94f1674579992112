package io.replicalab.experiments.checker;

import java.util.Optional;

/** One judgement over a run. Checkers read only {@link RunData}; they are independent of each other. */
public interface Checker {
    String name();

    /** Why this checker has nothing to judge in {@code run} (wrong workload, missing data), or empty. */
    Optional<String> skipReason(RunData run);

    CheckResult check(RunData run);
}
