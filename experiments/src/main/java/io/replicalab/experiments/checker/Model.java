package io.replicalab.experiments.checker;

/**
 * A sequential specification for the search (Porcupine's init/step; states are ints so the memo of
 * (linearized set, state) stays cheap and equality is {@code ==}).
 */
public interface Model {
    int REJECT = -1;

    /** The state after {@code op}, or {@link #REJECT} when {@code op} cannot happen in {@code state}. */
    int step(int state, LinOp op);
}
