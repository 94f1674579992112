package io.replicalab.experiments.history;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a history line records. A client operation is an {@link #INVOKE} followed by exactly one
 * completion ({@link #OK}, {@link #FAIL} or {@link #INFO}); {@link #NEMESIS} lines mark fault starts and
 * stops, {@link #EVENT} lines what a backend reported (leader change, promotion).
 */
public enum EventType {
    INVOKE,
    /** Definitely applied (for reads: the value read). */
    OK,
    /** Definitely not applied. */
    FAIL,
    /** Unknown: may or may not have been applied (timeout, connection lost). */
    INFO,
    NEMESIS,
    EVENT;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isCompletion() {
        return this == OK || this == FAIL || this == INFO;
    }
}
