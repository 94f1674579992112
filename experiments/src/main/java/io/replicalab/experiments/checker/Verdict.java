package io.replicalab.experiments.checker;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a checker concluded. {@link #UNKNOWN} means it could not decide (never a guess). */
public enum Verdict {
    VALID,
    INVALID,
    UNKNOWN;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verdict of several checks together: any invalid makes it invalid, else any unknown makes it unknown. */
    public Verdict and(Verdict other) {
        if (this == INVALID || other == INVALID) {
            return INVALID;
        }
        return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
    }
}
