package io.replicalab.experiments.checker;

/** A run directory or history the checkers cannot read; the message names the file, the line and the fix. */
public final class BadRunException extends RuntimeException {
    public BadRunException(String message) {
        super(message);
    }

    public BadRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
