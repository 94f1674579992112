package io.replicalab.leaderless.coordinator;

/** The coordinator's question to the failure detector. */
public interface Liveness {
    boolean isAlive(String node);

    /** How long {@code node} has been down (0 when alive): a hint is kept only within the hint window. */
    long downForMillis(String node);

    Liveness ALL_ALIVE = new Liveness() {
        @Override
        public boolean isAlive(String node) {
            return true;
        }

        @Override
        public long downForMillis(String node) {
            return 0;
        }
    };
}
