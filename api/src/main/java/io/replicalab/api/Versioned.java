package io.replicalab.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a read: zero values (absent or deleted), one value, or several concurrent
 * siblings, together with the causal context that a follow-up write must carry to supersede them.
 */
public record Versioned<V>(List<V> values, CausalContext context) {
    public Versioned {
        values = List.copyOf(values);
        Objects.requireNonNull(context, "context");
    }

    public static <V> Versioned<V> absent(CausalContext context) {
        return new Versioned<>(List.of(), context);
    }

    public static <V> Versioned<V> of(V value, CausalContext context) {
        return new Versioned<>(List.of(value), context);
    }

    /** The node that served this read, if the backend says ({@link CausalContext#servedBy()}). */
    public Optional<String> servedBy() {
        return context.servedBy();
    }

    /** This read, noting that {@code node} served it. */
    public Versioned<V> withServedBy(String node) {
        return new Versioned<>(values, context.withServedBy(node));
    }

    public boolean isPresent() {
        return !values.isEmpty();
    }

    public boolean hasSiblings() {
        return values.size() > 1;
    }

    /**
     * The single value.
     *
     * @throws ConflictException when there are siblings: read {@link #values()} and write back a merge
     * @throws java.util.NoSuchElementException when the key is absent
     */
    public V value() {
        if (values.isEmpty()) {
            throw new java.util.NoSuchElementException("key is absent");
        }
        if (values.size() > 1) {
            throw new ConflictException(values.size() + " concurrent siblings: read values() and write back a merge with context()");
        }
        return values.get(0);
    }
}
