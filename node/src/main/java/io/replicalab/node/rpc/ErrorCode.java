package io.replicalab.node.rpc;

import io.replicalab.api.ConflictException;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvException;
import io.replicalab.api.OperationTimeoutException;
import io.replicalab.api.Outcome;
import io.replicalab.api.UnavailableException;

/**
 * Error answers on the wire. Each code keeps the definite/unknown split of the API across the
 * network, so a remote timeout is never turned into a failure on the caller's side.
 */
public enum ErrorCode {
    FAIL_UNAVAILABLE(1, Outcome.FAIL),
    FAIL_INVALID(2, Outcome.FAIL),
    FAIL_CONFLICT(3, Outcome.FAIL),
    INFO_TIMEOUT(4, Outcome.INFO),
    INFO_UNKNOWN(5, Outcome.INFO);

    private final int wireCode;
    private final Outcome outcome;

    ErrorCode(int wireCode, Outcome outcome) {
        this.wireCode = wireCode;
        this.outcome = outcome;
    }

    public int wireCode() {
        return wireCode;
    }

    public Outcome outcome() {
        return outcome;
    }

    static ErrorCode fromWire(int code) {
        for (ErrorCode c : values()) {
            if (c.wireCode == code) {
                return c;
            }
        }
        // An unknown code from a newer peer: the request may have run, so its outcome is unknown.
        return INFO_UNKNOWN;
    }

    /** The code a handler's exception travels as; anything unexpected may have half-applied. */
    public static ErrorCode of(Throwable t) {
        if (t instanceof UnavailableException) {
            return FAIL_UNAVAILABLE;
        }
        if (t instanceof InvalidRequestException) {
            return FAIL_INVALID;
        }
        if (t instanceof ConflictException) {
            return FAIL_CONFLICT;
        }
        if (t instanceof OperationTimeoutException) {
            return INFO_TIMEOUT;
        }
        return INFO_UNKNOWN;
    }

    /** The API exception the caller sees for this code. */
    public KvException toException(String message) {
        return switch (this) {
            case FAIL_UNAVAILABLE -> new UnavailableException(message);
            case FAIL_INVALID -> new InvalidRequestException(message);
            case FAIL_CONFLICT -> new ConflictException(message);
            case INFO_TIMEOUT -> new OperationTimeoutException(message);
            case INFO_UNKNOWN -> new OutcomeUnknownException(message);
        };
    }
}
