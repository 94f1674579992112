package io.replicalab.node;

/** A node could not start (port in use, storage dir locked or corrupt, bad config); the message says how to fix it. */
public class NodeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeStartException(String message) {
        super(message);
    }

    public NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
