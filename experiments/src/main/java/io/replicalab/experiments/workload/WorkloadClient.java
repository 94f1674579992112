package io.replicalab.experiments.workload;

import io.replicalab.api.KvClient;

/**
 * One logical client's view of a workload: the generator of its next operation and the way to run an
 * operation against the cluster. Holds the client's own state (seeded random, key sequence, counters,
 * last causal contexts), so each logical client has its own instance and runs one operation at a time.
 */
public interface WorkloadClient {
    Op next();

    /** The read of {@code key} that the final-reads phase runs. */
    default Op finalRead(String key) {
        return Op.read(key);
    }

    /**
     * Runs {@code op}. Returns ok, or fail when the backend answered that nothing was written (a CAS
     * whose precondition did not hold); throws the backend's {@link io.replicalab.api.KvException} otherwise,
     * for the caller to classify.
     */
    OpResult execute(KvClient client, Op op);
}
