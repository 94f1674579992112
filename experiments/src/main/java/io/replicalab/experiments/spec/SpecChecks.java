package io.replicalab.experiments.spec;

import io.replicalab.api.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one-line checks of an experiment spec: every message names the field and the fix. */
final class SpecChecks {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private SpecChecks() {
    }

    /** {@code value} lower-cased if it is one of {@code valid}, else a {@link ConfigException}. */
    static String choice(String field, String value, String dflt, List<String> valid) {
        String v = value == null ? dflt : value.trim().toLowerCase(Locale.ROOT);
        if (!valid.contains(v)) {
            throw new ConfigException(field + ": '" + value + "' is unknown: use one of " + String.join(", ", valid));
        }
        return v;
    }

    /** Parses {@code 20s}, {@code 500ms}, {@code 2m} or a bare number of seconds; never negative. */
    static Duration duration(String field, String text, Duration dflt) {
        if (text == null) {
            return dflt;
        }
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(field + ": '" + text + "' is not a duration: write e.g. 20s, 500ms or 2m"
                    + (text.trim().startsWith("-") ? " (it cannot be negative)" : ""));
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millis = Math.round(switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1000;
        });
        return Duration.ofMillis(millis);
    }

    static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new ConfigException(field + ": " + problem);
        }
    }
}
