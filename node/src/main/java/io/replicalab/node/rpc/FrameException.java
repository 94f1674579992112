package io.replicalab.node.rpc;

/** Bytes on the wire that are not a well-formed frame or message body (truncated, garbage, oversized). */
public class FrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }
}
