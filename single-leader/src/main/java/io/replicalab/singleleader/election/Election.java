package io.replicalab.singleleader.election;

/**
 * Decides which node is primary and in which epoch. Implementations talk to ZooKeeper (or to nobody,
 * for a fixed primary); the node only reacts to what they report, on the election's own threads.
 */
public interface Election extends AutoCloseable {

    /** What an election tells its node. */
    interface Listener {
        /** This node now leads, in {@code epoch} (newer than any epoch before it when fencing is on). */
        void elected(long epoch);

        /** This node no longer leads (session lost, lock expired, stepped back). */
        void deposed(String why);

        /** This node won the election but found another node ahead of it and let it go (most-up-to-date). */
        default void steppedBack() {
        }

        /** Another node leads (as far as this node knows), in {@code epoch}; {@code null} when none is known. */
        void primaryIs(String nodeId, long epoch);
    }

    void start(Listener listener);

    /** A short name for status and logs. */
    String describe();

    @Override
    void close();
}
