package io.replicalab.experiments.spec;

import java.time.Duration;
import java.util.List;

/**
 * The {@code nemesis:} section: a fixed {@code schedule}, or {@code random} faults, or neither (no faults).
 * After the workload, everything is healed and the cluster left alone for {@code quiesce} before the final reads.
 */
public record NemesisSection(List<FaultStep> schedule, RandomNemesis random, String quiesce) {
    public NemesisSection {
        schedule = schedule == null ? List.of() : List.copyOf(schedule);
        quiesce = quiesce == null ? "3s" : quiesce;
        SpecChecks.duration("nemesis.quiesce", quiesce, null);
        SpecChecks.require(schedule.isEmpty() || random == null, "nemesis",
                "has both schedule and random: keep one of them");
    }

    public static NemesisSection none() {
        return new NemesisSection(null, null, null);
    }

    public Duration quiesceDuration() {
        return SpecChecks.duration("quiesce", quiesce, null);
    }
}
