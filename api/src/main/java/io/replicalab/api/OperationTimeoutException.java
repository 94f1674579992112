package io.replicalab.api;

/**
 * No answer arrived in time. The operation may have been applied by some or all replicas.
 * (Named apart from {@link java.util.concurrent.TimeoutException}, see docs/decisions.md.)
 */
public class OperationTimeoutException extends IndeterminateException {
    private static final long serialVersionUID = 1L;

    public OperationTimeoutException(String message) {
        super(message);
    }
}
