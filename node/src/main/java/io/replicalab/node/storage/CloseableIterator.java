package io.replicalab.node.storage;

import java.util.Iterator;

/**
 * An iterator that holds resources (native RocksDB iterators, a consistent view of the store)
 * until it is closed. Use it in try-with-resources; {@link #close()} declares no checked exception
 * so that stays short.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
