package io.replicalab.api;

/** The connection dropped after the request was sent; the operation may have been applied. */
public class ConnectionLostException extends IndeterminateException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message) {
        super(message);
    }

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
