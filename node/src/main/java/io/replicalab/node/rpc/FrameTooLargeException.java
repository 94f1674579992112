package io.replicalab.node.rpc;

/** A frame we were about to send is over the configured maximum; it was not sent. */
public class FrameTooLargeException extends FrameException {
    private static final long serialVersionUID = 1L;

    public FrameTooLargeException(String message) {
        super(message);
    }
}
