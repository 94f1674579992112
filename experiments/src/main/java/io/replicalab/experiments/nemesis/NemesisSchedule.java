package io.replicalab.experiments.nemesis;

import io.replicalab.experiments.spec.FaultStep;
import io.replicalab.experiments.spec.NemesisSection;
import io.replicalab.experiments.spec.RandomNemesis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The fault schedule of a run: the spec's list, or random faults drawn up front from the seed. */
public final class NemesisSchedule {
    private NemesisSchedule() {
    }

    /**
     * The steps to run within {@code runLength}. Random faults are drawn before the run starts, so the
     * same seed always yields the same schedule (which node a rule such as {@code one} picks is drawn
     * when the fault starts, from the nemesis's own seeded random).
     */
    public static List<FaultStep> plan(NemesisSection section, Duration runLength, long seed) {
        RandomNemesis random = section.random();
        if (random == null) {
            return section.schedule();
        }
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        List<FaultStep> steps = new ArrayList<>();
        Duration at = random.intervalDuration();
        while (at.plus(random.length()).compareTo(runLength) <= 0) {
            String fault = random.faults().get(rnd.nextInt(random.faults().size()));
            steps.add(new FaultStep(at.toMillis() + "ms", random.forDuration(), fault, null, null, null));
            at = at.plus(random.length()).plus(random.intervalDuration());
        }
        return List.copyOf(steps);
    }
}
