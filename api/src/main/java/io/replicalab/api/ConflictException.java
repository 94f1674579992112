package io.replicalab.api;

/**
 * The operation was refused because of the state it met: a stale fencing epoch, a write sent to a
 * node that is not the primary, a read of a single value when siblings exist. Nothing was applied.
 */
public class ConflictException extends DefiniteFailureException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
