package io.replicalab.leaderless.version;

import java.util.Objects;

/**
 * One update event: the {@code counter}-th update of a key coordinated by {@code replica}.
 *
 * <p>A write is identified by its dot, not by its whole vector: a vector {@code {X:2}} claims both
 * {@code X:1} and {@code X:2} as history, while the write that received dot {@code (X,2)} may not have
 * seen {@code (X,1)} at all (two clients writing concurrently through the same coordinator). Keeping
 * the dot apart from the causal context is what lets {@link Siblings} keep both such writes
 * (dotted version vectors, Preguiça et al. 2010).
 */
public record Dot(String replica, long counter) implements Comparable<Dot> {
    public Dot {
        Objects.requireNonNull(replica, "replica");
        if (replica.isEmpty()) {
            throw new IllegalArgumentException("replica id must be non-empty");
        }
        if (counter < 1) {
            throw new IllegalArgumentException("dot counter must be >= 1, was " + counter);
        }
    }

    @Override
    public int compareTo(Dot other) {
        int byReplica = replica.compareTo(other.replica);
        return byReplica != 0 ? byReplica : Long.compare(counter, other.counter);
    }

    @Override
    public String toString() {
        return replica + ":" + counter;
    }
}
