package io.replicalab.node.rpc;

/** The server could not listen on its configured address. */
public class RpcBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RpcBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
