package io.replicalab.experiments.history;

/** A history file that cannot be read: the message names the line and what is wrong with it. */
public final class HistoryFormatException extends RuntimeException {
    public HistoryFormatException(String message) {
        super(message);
    }

    public HistoryFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
