package io.replicalab.node.rpc;

import io.replicalab.api.UnavailableException;

/** No connection to the peer could be made, so the request was never sent: safe to retry elsewhere. */
public class PeerUnreachableException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    public PeerUnreachableException(String message) {
        super(message);
    }
}
