package io.replicalab.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An append-only in-memory log that keeps only its newest {@code capacity} elements, so a replica's
 * apply log or event list cannot grow without bound in a long run. Appending is O(1) (a
 * {@code CopyOnWriteArrayList} copies the whole list on every append, which made every write slower the
 * longer a node ran). Readers get a snapshot copy; {@link #dropped()} says how many old elements are gone.
 */
final class BoundedLog<T> {
    private final int capacity;
    private final ArrayDeque<T> elements = new ArrayDeque<>();
    private long dropped;

    BoundedLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(T element) {
        if (elements.size() == capacity) {
            elements.removeFirst();
            dropped++;
        }
        elements.addLast(element);
    }

    synchronized List<T> snapshot() {
        return List.copyOf(elements);
    }

    /** The retained elements that match, oldest first. */
    synchronized List<T> filter(Predicate<T> wanted) {
        List<T> out = new ArrayList<>();
        for (T e : elements) {
            if (wanted.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Elements evicted because the log was full. */
    synchronized long dropped() {
        return dropped;
    }
}
