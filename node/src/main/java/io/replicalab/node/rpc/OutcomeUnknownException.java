package io.replicalab.node.rpc;

import io.replicalab.api.IndeterminateException;

/** A remote handler failed in an unexpected way, or its answer was unreadable: it may have applied. */
public class OutcomeUnknownException extends IndeterminateException {
    private static final long serialVersionUID = 1L;

    public OutcomeUnknownException(String message) {
        super(message);
    }
}
