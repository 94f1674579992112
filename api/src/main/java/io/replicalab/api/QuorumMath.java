package io.replicalab.api;

/** The little arithmetic of quorums, in one place so every backend and checker agrees on it. */
public final class QuorumMath {
    private QuorumMath() {
    }

    /** Smallest majority of {@code n}. */
    public static int majority(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
        return n / 2 + 1;
    }

    /** True when every read quorum meets every write quorum (R + W &gt; N). */
    public static boolean overlaps(int r, int w, int n) {
        return r + w > n;
    }

    /**
     * Number of replicas a quorum-level request needs out of {@code n}.
     *
     * @param what "R" or "W", used in error messages
     * @param explicit the count given with {@link Consistency#EXPLICIT}
     * @param defaultCount the configured default, used for {@link Consistency#DEFAULT}
     */
    public static int required(String what, Consistency level, int explicit, int defaultCount, int n) {
        int count = switch (level) {
            case ONE -> 1;
            case QUORUM -> majority(n);
            case ALL -> n;
            case EXPLICIT -> explicit;
            case DEFAULT -> defaultCount;
            case LINEARIZABLE, STALE -> throw new InvalidRequestException(
                    "consistency " + level + " has no replica count: use ONE, QUORUM, ALL or an explicit " + what);
        };
        if (count < 1) {
            throw new InvalidRequestException(what + "=" + count + " is below 1: ask for at least one replica");
        }
        if (count > n) {
            throw new InvalidRequestException(what + "=" + count + " exceeds the replication factor N=" + n
                    + ": choose " + what + " <= " + n);
        }
        return count;
    }
}
