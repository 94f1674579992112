package io.replicalab.experiments.workload;

import io.replicalab.api.ReadOptions;
import io.replicalab.api.WriteOptions;
import io.replicalab.experiments.spec.WorkloadSection;
import java.util.Random;

/**
 * What one logical client's workload is built from.
 *
 * @param slot this client's index among {@code slots} clients: written ids are {@code k * slots + slot + 1},
 *             unique across clients without coordination and the same on every run with the same seed
 */
public record WorkloadParams(WorkloadSection section, int slot, int slots, long seed, ReadOptions read, WriteOptions write) {
    Random random() {
        return new Random(seed * 1_000_003L + slot);
    }

    KeyDistribution keys() {
        return KeyDistribution.named(section.distribution(), section.keys());
    }

    /** Unique ids for this client's writes. */
    UniqueIds ids() {
        return new UniqueIds(slot, slots);
    }

    /** Ids {@code k * slots + slot + 1}, k = 0, 1, 2, ... */
    static final class UniqueIds {
        private final int slot;
        private final int slots;
        private long k;

        UniqueIds(int slot, int slots) {
            this.slot = slot;
            this.slots = slots;
        }

        long next() {
            return k++ * slots + slot + 1;
        }
    }
}
