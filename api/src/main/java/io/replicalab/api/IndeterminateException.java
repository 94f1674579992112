package io.replicalab.api;

/** The operation may or may not have taken effect (Jepsen's {@code :info}). Never report it as a failure. */
public abstract class IndeterminateException extends KvException {
    private static final long serialVersionUID = 1L;

    protected IndeterminateException(String message) {
        super(message);
    }

    protected IndeterminateException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Outcome outcome() {
        return Outcome.INFO;
    }
}
