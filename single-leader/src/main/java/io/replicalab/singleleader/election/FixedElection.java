package io.replicalab.singleleader.election;

import java.util.List;

/** {@code election: fixed}: the lowest node id leads forever, in epoch 1. No failover, no ZooKeeper. */
public final class FixedElection implements Election {
    private final String self;
    private final String primary;

    public FixedElection(String self, List<String> nodeIds) {
        this.self = self;
        this.primary = nodeIds.stream().sorted().findFirst().orElseThrow();
    }

    @Override
    public void start(Listener listener) {
        if (self.equals(primary)) {
            listener.elected(1);
        } else {
            listener.primaryIs(primary, 1);
        }
    }

    @Override
    public String describe() {
        return "fixed (" + primary + ")";
    }

    @Override
    public void close() {
        // nothing to release
    }
}
