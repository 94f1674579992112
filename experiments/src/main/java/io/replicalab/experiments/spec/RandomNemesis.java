package io.replicalab.experiments.spec;

import java.time.Duration;
import java.util.List;

/**
 * {@code nemesis.random}: a fault every {@code interval} (after the previous one ended), each lasting
 * {@code for}, drawn from {@code faults} with the experiment's seed, so a seed always gives the same schedule.
 */
public record RandomNemesis(String interval, String forDuration, List<String> faults) {
    @com.fasterxml.jackson.annotation.JsonCreator
    public RandomNemesis(@com.fasterxml.jackson.annotation.JsonProperty("interval") String interval,
                         @com.fasterxml.jackson.annotation.JsonProperty("for") String forDuration,
                         @com.fasterxml.jackson.annotation.JsonProperty("faults") List<String> faults) {
        this.interval = interval == null ? "5s" : interval;
        this.forDuration = forDuration == null ? "3s" : forDuration;
        this.faults = faults == null ? List.of("partition", "kill") : List.copyOf(faults);
        SpecChecks.duration("nemesis.random.interval", this.interval, null);
        SpecChecks.duration("nemesis.random.for", this.forDuration, null);
        SpecChecks.require(!this.faults.isEmpty(), "nemesis.random.faults", "is empty: list at least one of " + FaultStep.FAULTS);
        for (String f : this.faults) {
            SpecChecks.choice("nemesis.random.faults", f, null, FaultStep.FAULTS);
        }
    }

    @com.fasterxml.jackson.annotation.JsonProperty("for")
    public String forDuration() {
        return forDuration;
    }

    public Duration intervalDuration() {
        return SpecChecks.duration("interval", interval, null);
    }

    public Duration length() {
        return SpecChecks.duration("for", forDuration, null);
    }
}
