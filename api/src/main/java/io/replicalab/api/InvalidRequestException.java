package io.replicalab.api;

/** The request was rejected before execution (bad key, R &gt; N, value too large, ...). */
public class InvalidRequestException extends DefiniteFailureException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
