package io.replicalab.leaderless.version;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one replica holds for one key: every write none of the others has seen (usually one; several
 * after concurrent writes), each with its own {@link Dot} and causal context (dotted version vectors).
 *
 * <h2>Why a dot per sibling and not one clock per key</h2>
 * With one plain vector per value and counters owned by coordinators, two clients that read the empty
 * key and write through the same coordinator X get clocks {@code {X:1}} and {@code {X:2}}; the second
 * looks like a descendant of the first and the first write is silently dropped (a lost update). Riak's
 * per-vnode clocks avoided that by keeping every value under one joined clock whenever a write's context
 * did not descend the stored one — correct, but values the writer had already seen stay as siblings
 * ("sibling explosion", up to 21 siblings for 7 writers). Per-client actor ids avoid both at the price of
 * vectors that grow with the number of clients ("actor explosion"). A dot per sibling gives the exact
 * answer with one entry per coordinator: a write supersedes precisely the siblings whose dots its
 * context covers, i.e. the ones its client read (at most one sibling per concurrent writer).
 *
 * <h2>Invariant the protocol must keep</h2>
 * A context vector {@code {X:n}} is read as "saw X's updates 1..n of this key". That is only true if
 * any replica that holds X's n-th write also holds (or holds a successor of) X's earlier ones, so
 * <b>replicas must exchange whole sibling sets</b> (coordinator fan-out, hints, read repair,
 * anti-entropy all ship {@code Siblings}, never a lone new value), as Riak ships the whole object.
 *
 * <p>Immutable. {@link #merge} is commutative, associative and idempotent, so read repair, hinted
 * handoff and anti-entropy may apply states in any order, any number of times.
 */
public final class Siblings {
    public static final Siblings EMPTY = new Siblings(List.of());

    /** Sorted by dot, so equal states are equal lists (and encode identically later). */
    private final List<VersionedValue> values;

    private Siblings(List<VersionedValue> values) {
        this.values = values;
    }

    public static Siblings of(VersionedValue... values) {
        return EMPTY.mergeAll(List.of(values));
    }

    /** All siblings including tombstones, sorted by dot: what replicas exchange and persist. */
    public List<VersionedValue> values() {
        return values;
    }

    /** The siblings a reader sees: tombstones hidden. Empty list = absent or deleted. */
    public List<VersionedValue> liveValues() {
        return values.stream().filter(v -> !v.isTombstone()).toList();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    /**
     * The history of every sibling, joined: the causal context handed to a reader, so that its next
     * write supersedes everything it was shown.
     */
    public VersionVector joinedClock() {
        VersionVector joined = VersionVector.EMPTY;
        for (VersionedValue v : values) {
            joined = joined.merge(v.clock());
        }
        return joined;
    }

    /**
     * Creates the value a coordinating replica stores for a client write; this set is that replica's
     * current state for the key. The caller then stores {@code add(result)} and replicates that whole set.
     *
     * <p>The new dot is {@code (coordinator, c)} with {@code c} one above both the client's context and
     * everything this replica knows the coordinator issued, so a coordinator never issues a counter twice
     * for a key (which would let an old context supersede a newer write). The new write's context is
     * exactly the client's: it supersedes what the client read, and nothing the client did not see,
     * even if this replica holds more.
     *
     * @param value the bytes, or {@code null} for a delete
     * @param context the client's causal context ({@link VersionVector#EMPTY} for a blind write)
     */
    public VersionedValue newWrite(byte[] value, VersionVector context, String coordinator, long nowMillis) {
        long counter = Math.max(context.get(coordinator), joinedClock().get(coordinator)) + 1;
        return new VersionedValue(value, new Dot(coordinator, counter), context, nowMillis);
    }

    /** This state after receiving {@code incoming}: it is dropped if obsolete, and drops what it supersedes. */
    public Siblings add(VersionedValue incoming) {
        return mergeAll(List.of(incoming));
    }

    /** The state holding what either state holds, minus what one of them supersedes. */
    public Siblings merge(Siblings other) {
        if (other.values.isEmpty() || other == this) {
            return this;
        }
        return mergeAll(other.values);
    }

    private Siblings mergeAll(Collection<VersionedValue> incoming) {
        // Union by dot; the same dot with different contents can only come from a replica that reused
        // counters (wiped disk without a new incarnation id); pick deterministically so replicas agree.
        Map<Dot, VersionedValue> union = new TreeMap<>();
        for (VersionedValue v : values) {
            union.put(v.dot(), v);
        }
        for (VersionedValue v : incoming) {
            union.merge(v.dot(), v, (a, b) -> VersionedValue.SAME_DOT_TIEBREAK.compare(a, b) >= 0 ? a : b);
        }
        List<VersionedValue> kept = new ArrayList<>(union.size());
        for (VersionedValue candidate : union.values()) {
            boolean superseded = false;
            for (VersionedValue other : union.values()) {
                if (candidate.isSupersededBy(other)) {
                    superseded = true;
                    break;
                }
            }
            if (!superseded) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparing(VersionedValue::dot));
        return kept.equals(values) ? this : new Siblings(List.copyOf(kept));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Siblings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
