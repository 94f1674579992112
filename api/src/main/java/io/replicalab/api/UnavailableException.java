package io.replicalab.api;

/** Too few replicas were reachable to even attempt the operation; nothing was applied. */
public class UnavailableException extends DefiniteFailureException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
