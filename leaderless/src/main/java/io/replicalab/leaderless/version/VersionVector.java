package io.replicalab.leaderless.version;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A version vector: for each replica that coordinated updates of a key, how many it coordinated.
 * Comparing two vectors tells whether one write has seen the other ({@link Ordering#AFTER}) or they
 * are concurrent and must both be kept.
 *
 * <h2>Timestamps and pruning</h2>
 * Each entry also records when it last advanced ({@link Entry#lastUpdatedMillis()}), only so that
 * {@link #prune(int)} can drop the oldest entries when a vector grows past a bound, as Dynamo does
 * ("say 10" entries). Timestamps never take part in {@link #compare}: clocks decide nothing here.
 *
 * <p>Pruning removes knowledge. A pruned vector claims a smaller history than the write really had,
 * so a value it should supersede can look concurrent with it: an ancestor shows up as a
 * <em>false sibling</em> that the next read-modify-write merges away. Used as in {@link Siblings}
 * (a write supersedes a value only if the writer's context covers the value's {@link Dot}), pruning
 * can only cause false siblings, never a lost update. The bound is that trade-off: a few more
 * siblings under long-lived multi-coordinator churn, in exchange for vectors that do not grow with
 * every coordinator that ever touched the key.
 *
 * <h2>Replica ids</h2>
 * A replica must never issue the same counter twice. A node whose disk is wiped restarts at zero, so
 * the id used here should include an incarnation (e.g. {@code n1@<epoch>}) that changes on a wipe.
 *
 * <p>Immutable; entries are kept sorted by replica id so that equal vectors encode to equal bytes.
 */
public final class VersionVector {
    /** The vector of a key nobody has written: what {@code CausalContext.EMPTY} decodes to. */
    public static final VersionVector EMPTY = new VersionVector(Collections.emptySortedMap());

    /** Dynamo's suggested bound on the number of entries before pruning. */
    public static final int DEFAULT_MAX_ENTRIES = 10;

    private static final byte FORMAT = 1;

    /** One replica's counter and when it last advanced (the timestamp only serves pruning). */
    public record Entry(long counter, long lastUpdatedMillis) {
        public Entry {
            if (counter < 1) {
                throw new IllegalArgumentException("counter must be >= 1, was " + counter);
            }
            if (lastUpdatedMillis < 0) {
                throw new IllegalArgumentException("lastUpdatedMillis must be >= 0, was " + lastUpdatedMillis);
            }
        }

        /** Keeps the higher counter; on equal counters the later timestamp, so merge stays commutative. */
        static Entry max(Entry a, Entry b) {
            if (a.counter != b.counter) {
                return a.counter > b.counter ? a : b;
            }
            return a.lastUpdatedMillis >= b.lastUpdatedMillis ? a : b;
        }
    }

    private final SortedMap<String, Entry> entries;

    private VersionVector(SortedMap<String, Entry> entries) {
        this.entries = entries;
    }

    /** A vector with the given entries (for tests and decoding). */
    public static VersionVector of(Map<String, Entry> entries) {
        TreeMap<String, Entry> copy = new TreeMap<>();
        entries.forEach((replica, entry) -> {
            requireReplicaId(replica);
            copy.put(replica, Objects.requireNonNull(entry, "entry"));
        });
        return copy.isEmpty() ? EMPTY : new VersionVector(Collections.unmodifiableSortedMap(copy));
    }

    /** The counter of {@code replica}, 0 if it never coordinated an update this vector knows of. */
    public long get(String replica) {
        Entry entry = entries.get(replica);
        return entry == null ? 0 : entry.counter();
    }

    /** Entries sorted by replica id. */
    public SortedMap<String, Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True if the event {@code dot} is part of the history this vector describes. */
    public boolean covers(Dot dot) {
        return get(dot.replica()) >= dot.counter();
    }

    /** This vector with {@code replica}'s counter advanced by one, stamped {@code nowMillis}. */
    public VersionVector increment(String replica, long nowMillis) {
        requireReplicaId(replica);
        return with(replica, new Entry(get(replica) + 1, nowMillis));
    }

    /** This vector extended to cover {@code dot} (no change if it already does). */
    public VersionVector witness(Dot dot, long nowMillis) {
        Entry current = entries.get(dot.replica());
        if (current != null && current.counter() >= dot.counter()) {
            return this;
        }
        return with(dot.replica(), new Entry(dot.counter(), nowMillis));
    }

    /** Pointwise maximum: the history of both. */
    public VersionVector merge(VersionVector other) {
        if (other.entries.isEmpty() || other.equals(this)) {
            return this;
        }
        if (entries.isEmpty()) {
            return other;
        }
        TreeMap<String, Entry> merged = new TreeMap<>(entries);
        other.entries.forEach((replica, entry) -> merged.merge(replica, entry, Entry::max));
        return new VersionVector(Collections.unmodifiableSortedMap(merged));
    }

    /** Causal order of this vector relative to {@code other}; timestamps are ignored. */
    public Ordering compare(VersionVector other) {
        boolean thisAhead = false;
        boolean otherAhead = false;
        Set<String> replicas = new HashSet<>(entries.keySet());
        replicas.addAll(other.entries.keySet());
        for (String replica : replicas) {
            long mine = get(replica);
            long theirs = other.get(replica);
            if (mine > theirs) {
                thisAhead = true;
            } else if (theirs > mine) {
                otherAhead = true;
            }
        }
        if (thisAhead && otherAhead) {
            return Ordering.CONCURRENT;
        }
        return thisAhead ? Ordering.AFTER : otherAhead ? Ordering.BEFORE : Ordering.EQUAL;
    }

    /** True if this vector has seen everything {@code other} has (AFTER or EQUAL). */
    public boolean descends(VersionVector other) {
        Ordering ordering = compare(other);
        return ordering == Ordering.AFTER || ordering == Ordering.EQUAL;
    }

    /**
     * Drops the entries updated longest ago until at most {@code maxEntries} remain (ties broken by
     * replica id so every replica prunes alike). See the class comment for what this costs.
     */
    public VersionVector prune(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        }
        if (entries.size() <= maxEntries) {
            return this;
        }
        List<Map.Entry<String, Entry>> newestFirst = new ArrayList<>(entries.entrySet());
        newestFirst.sort(Comparator.<Map.Entry<String, Entry>>comparingLong(e -> e.getValue().lastUpdatedMillis())
                .reversed().thenComparing(Map.Entry::getKey));
        TreeMap<String, Entry> kept = new TreeMap<>();
        for (Map.Entry<String, Entry> e : newestFirst.subList(0, maxEntries)) {
            kept.put(e.getKey(), e.getValue());
        }
        return new VersionVector(Collections.unmodifiableSortedMap(kept));
    }

    private VersionVector with(String replica, Entry entry) {
        TreeMap<String, Entry> copy = new TreeMap<>(entries);
        copy.put(replica, entry);
        return new VersionVector(Collections.unmodifiableSortedMap(copy));
    }

    private static void requireReplicaId(String replica) {
        Objects.requireNonNull(replica, "replica");
        if (replica.isEmpty()) {
            throw new IllegalArgumentException("replica id must be non-empty");
        }
    }

    // ---- binary form ---------------------------------------------------------------------------

    /**
     * Compact canonical bytes: empty for {@link #EMPTY} (so an empty {@code CausalContext} is the empty
     * vector), otherwise a format byte, the entry count and, per entry in replica-id order, the UTF-8 id
     * (length-prefixed), the counter and the timestamp, all as unsigned LEB128 varints.
     */
    public byte[] encode() {
        if (entries.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + entries.size() * 16);
        out.write(FORMAT);
        Varints.write(out, entries.size());
        entries.forEach((replica, entry) -> {
            byte[] id = replica.getBytes(StandardCharsets.UTF_8);
            Varints.write(out, id.length);
            out.write(id, 0, id.length);
            Varints.write(out, entry.counter());
            Varints.write(out, entry.lastUpdatedMillis());
        });
        return out.toByteArray();
    }

    /**
     * Parses {@link #encode()}'s output.
     *
     * @throws IllegalArgumentException on truncated, oversized, unsorted, duplicate or otherwise malformed input
     */
    public static VersionVector decode(byte[] bytes) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("not a version vector: unknown format byte " + format);
        }
        long count = Varints.read(in, "entry count");
        // Each entry takes at least 4 bytes (id length, 1-byte id, counter, timestamp).
        if (count < 1 || count > in.remaining() / 4) {
            throw new IllegalArgumentException("not a version vector: entry count " + count
                    + " does not fit in " + bytes.length + " bytes");
        }
        TreeMap<String, Entry> entries = new TreeMap<>();
        String previous = null;
        for (long i = 0; i < count; i++) {
            long idLength = Varints.read(in, "replica id length");
            if (idLength < 1 || idLength > in.remaining()) {
                throw new IllegalArgumentException("not a version vector: replica id length " + idLength
                        + " with " + in.remaining() + " bytes left");
            }
            ByteBuffer idBytes = in.slice();
            idBytes.limit((int) idLength);
            in.position(in.position() + (int) idLength);
            String replica;
            try {
                replica = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(idBytes).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("not a version vector: replica id is not UTF-8", e);
            }
            if (previous != null && previous.compareTo(replica) >= 0) {
                throw new IllegalArgumentException("not a version vector: replica ids not strictly sorted ('"
                        + previous + "' then '" + replica + "')");
            }
            long counter = Varints.read(in, "counter");
            long timestamp = Varints.read(in, "timestamp");
            if (counter < 1 || timestamp < 0) {
                throw new IllegalArgumentException("not a version vector: entry " + replica + " has counter "
                        + counter + " and timestamp " + timestamp);
            }
            entries.put(replica, new Entry(counter, timestamp));
            previous = replica;
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("not a version vector: " + in.remaining() + " trailing bytes");
        }
        return new VersionVector(Collections.unmodifiableSortedMap(entries));
    }

    /** Same entries, counters and timestamps. Use {@link #compare} for causal equality. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        entries.forEach((replica, entry) -> {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(replica).append(':').append(entry.counter());
        });
        return s.append('}').toString();
    }
}
