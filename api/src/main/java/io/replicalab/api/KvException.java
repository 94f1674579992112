package io.replicalab.api;

/** Base of every error the key-value API reports; each one says whether the operation may have applied. */
public abstract class KvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected KvException(String message) {
        super(message);
    }

    protected KvException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@link Outcome#FAIL} when the operation definitely did not apply, {@link Outcome#INFO} when unknown. */
    public abstract Outcome outcome();
}
