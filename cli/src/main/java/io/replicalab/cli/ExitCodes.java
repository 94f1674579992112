package io.replicalab.cli;

/** Exit codes of the {@code replicalab} command; scripts rely on them. */
public final class ExitCodes {
    /** The command (or operation) succeeded. */
    public static final int OK = 0;
    /** The operation definitely failed (outcome {@code fail}). */
    public static final int FAILED = 1;
    /** Bad input: usage, configuration, unknown backend, not implemented yet. */
    public static final int BAD_INPUT = 2;
    /** The operation's outcome is unknown (timeout, connection lost: {@code info}). */
    public static final int UNKNOWN_OUTCOME = 3;

    private ExitCodes() {
    }
}
