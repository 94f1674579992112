package io.replicalab.api;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a client operation ended, in Jepsen's vocabulary.
 *
 * <p>{@link #FAIL} means the operation definitely did not take effect; {@link #INFO} means we
 * do not know (timeout, connection lost): a checker must treat it as possibly applied.
 */
public enum Outcome {
    OK,
    FAIL,
    INFO;

    /**
     * Classifies the failure of an operation. Anything that is not a {@link KvException} is
     * treated as {@link #INFO}: when we cannot prove the operation did not happen, we must not
     * claim it failed.
     */
    public static Outcome ofFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof KvException kv) {
            return kv.outcome();
        }
        return INFO;
    }

    /** Strips the wrappers that {@code CompletableFuture} and executors add. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
