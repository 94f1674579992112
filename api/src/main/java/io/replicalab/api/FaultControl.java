package io.replicalab.api;

import java.time.Duration;
import java.util.List;

/**
 * The faults every node exposes, whatever its backend. Link faults are directed: blocking
 * {@code a -> b} drops what {@code a} sends to {@code b} but not the reverse, so a partition is
 * two calls. Process-level faults (kill, pause, wipe) belong to the cluster, not to the node.
 */
public interface FaultControl {

    void blockLink(String from, String to);

    void delayLink(String from, String to, Duration delay);

    /** Removes any fault on {@code from -> to}. */
    void healLink(String from, String to);

    /** Removes every link fault. */
    void healAllLinks();

    List<LinkFault> linkFaults();

    /** Shifts the node's {@link Clock}; positive = ahead of real time. */
    void setClockOffset(Duration offset);

    Duration clockOffset();

    /** Blocks both directions between {@code a} and {@code b}. */
    default void partition(String a, String b) {
        blockLink(a, b);
        blockLink(b, a);
    }
}
