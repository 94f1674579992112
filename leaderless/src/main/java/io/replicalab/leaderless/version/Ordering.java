package io.replicalab.leaderless.version;

/** How two version vectors relate causally. */
public enum Ordering {
    /** This happened before the other: the other has seen everything this has, and more. */
    BEFORE,
    /** This happened after the other: it has seen everything the other has, and more. */
    AFTER,
    /** Same causal history. */
    EQUAL,
    /** Neither has seen all of the other: concurrent updates, to be kept as siblings. */
    CONCURRENT
}
