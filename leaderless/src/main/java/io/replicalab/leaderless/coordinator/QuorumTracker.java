package io.replicalab.leaderless.coordinator;

/**
 * Counts replica answers of one quorum request and says when its outcome is known. Pure and
 * synchronized; the coordinator feeds it answers as they arrive.
 *
 * <p>A replica that refused the connection definitely did not apply anything; one that timed out,
 * or has not answered yet, may have. So when the quorum cannot be reached any more, the request
 * failed <em>cleanly</em> only if every contacted replica refused; otherwise its outcome is unknown
 * (a write applied on fewer than W replicas can still surface through repair).
 */
public final class QuorumTracker {
    public enum Verdict { PENDING, REACHED, FAILED_CLEANLY, FAILED_UNKNOWN }

    private final int required;
    private final int contacted;
    private int acks;
    private int refused;
    private int silent;
    private Verdict verdict = Verdict.PENDING;

    public QuorumTracker(int required, int contacted) {
        if (required < 1 || required > contacted) {
            throw new IllegalArgumentException("quorum of " + required + " out of " + contacted);
        }
        this.required = required;
        this.contacted = contacted;
    }

    public synchronized Verdict ack() {
        acks++;
        return update();
    }

    /** The replica definitely did not apply (connection refused, request rejected). */
    public synchronized Verdict refused() {
        refused++;
        return update();
    }

    /** The replica may have applied (timeout, connection lost, unexpected error). */
    public synchronized Verdict silent() {
        silent++;
        return update();
    }

    private Verdict update() {
        if (verdict != Verdict.PENDING) {
            return verdict; // decided once; later answers change counts only
        }
        int outstanding = contacted - acks - refused - silent;
        if (acks >= required) {
            verdict = Verdict.REACHED;
        } else if (acks + outstanding < required) {
            // A replica still outstanding has the request and may well apply it: only when every
            // contacted replica refused is the failure clean.
            verdict = acks == 0 && silent == 0 && outstanding == 0 ? Verdict.FAILED_CLEANLY : Verdict.FAILED_UNKNOWN;
        }
        return verdict;
    }

    public synchronized Verdict verdict() {
        return verdict;
    }

    public synchronized String describe() {
        return acks + " of " + contacted + " replicas acknowledged (" + required + " required), " + refused
                + " refused, " + silent + " did not answer";
    }
}
