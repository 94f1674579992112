package io.replicalab.api;

/** The operation definitely did not take effect anywhere. */
public abstract class DefiniteFailureException extends KvException {
    private static final long serialVersionUID = 1L;

    protected DefiniteFailureException(String message) {
        super(message);
    }

    protected DefiniteFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Outcome outcome() {
        return Outcome.FAIL;
    }
}
