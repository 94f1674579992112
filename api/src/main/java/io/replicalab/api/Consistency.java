package io.replicalab.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Consistency a request asks for. Quorum levels are meaningful to the leaderless backend;
 * {@link #LINEARIZABLE} and {@link #STALE} to the leader-based ones. A backend that cannot honour
 * a level rejects the request with {@link InvalidRequestException} rather than silently weakening it.
 */
public enum Consistency {
    /** The backend's documented default. */
    DEFAULT,
    ONE,
    QUORUM,
    ALL,
    /** An explicit replica count given with the request (R or W). */
    EXPLICIT,
    LINEARIZABLE,
    /** Read one replica's local state, possibly behind. */
    STALE;

    /** Parses a user-supplied name, case-insensitively, naming the valid ones on error. */
    public static Consistency parse(String name) {
        String normalized = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Consistency c : values()) {
            if (c.name().equals(normalized)) {
                return c;
            }
        }
        throw new InvalidRequestException("unknown consistency '" + name + "': use one of "
                + Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
