package io.replicalab.api;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque version information returned by a read and handed back with the next write of the same
 * key (a version vector, a log position, a timestamp: the backend decides). Clients never look
 * inside; writing with the context of a read tells the backend which versions the write supersedes.
 *
 * <p>A context returned by a client may also say which node served the request ({@link #servedBy()}: the
 * coordinator, primary or leader that answered). That is an observation for experiments, not part of the
 * version: it is ignored by {@link #equals}, {@link #toBytes()} and {@link #toString()}.
 */
public final class CausalContext {
    public static final CausalContext EMPTY = new CausalContext(new byte[0]);

    private final byte[] bytes;
    private final String servedBy;

    private CausalContext(byte[] bytes) {
        this(bytes, null);
    }

    private CausalContext(byte[] bytes, String servedBy) {
        this.bytes = bytes;
        this.servedBy = servedBy;
    }

    public static CausalContext of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new CausalContext(bytes.clone());
    }

    /** Parses the form printed by {@link #toString()}, so contexts survive a CLI round trip. */
    public static CausalContext parse(String text) {
        if (text == null || text.isEmpty() || text.equals("-")) {
            return EMPTY;
        }
        try {
            return of(Base64.getUrlDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("causal context '" + text + "' is not valid: pass the value printed by a read");
        }
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The node that served the request that returned this context; empty when the backend does not say. */
    public Optional<String> servedBy() {
        return Optional.ofNullable(servedBy);
    }

    /** This context, noting that {@code node} served the request that returned it (null = unknown). */
    public CausalContext withServedBy(String node) {
        return new CausalContext(bytes, node);
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CausalContext other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes.length == 0 ? "-" : Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
