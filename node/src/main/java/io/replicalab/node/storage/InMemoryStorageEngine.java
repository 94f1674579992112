package io.replicalab.node.storage;

import io.replicalab.api.config.FsyncPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A volatile engine for tests and experiments that do not measure disks: nothing survives a
 * restart, so it reports {@code fsync=never} and {@link #durable()} false.
 *
 * <p>A read-write lock makes batches atomic for readers (a skip list alone only makes single puts
 * atomic) and lets a scan copy its range as one consistent snapshot, so iterating is unaffected by
 * concurrent writes, like a RocksDB iterator.
 */
public final class InMemoryStorageEngine implements StorageEngine {
    private static final FsyncPolicy POLICY = new FsyncPolicy.Never();

    private final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(ByteKeys.ORDER);
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    @Override
    public Optional<byte[]> get(byte[] key) {
        lock.readLock().lock();
        try {
            ensureOpen();
            byte[] value = map.get(key);
            // Copies both ways: callers must not be able to change stored bytes through an array.
            return value == null ? Optional.empty() : Optional.of(value.clone());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public CompletionStage<Void> write(WriteBatch batch) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            for (WriteBatch.Op op : batch.ops()) {
                // WriteBatch already copied the arrays, and nobody else holds them.
                if (op instanceof WriteBatch.Put put) {
                    map.put(put.key(), put.value());
                } else {
                    map.remove(op.key());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CloseableIterator<Entry> scan(byte[] fromInclusive, byte[] toExclusive) {
        List<Entry> snapshot = new ArrayList<>();
        lock.readLock().lock();
        try {
            ensureOpen();
            if (fromInclusive == null || toExclusive == null || ByteKeys.compare(fromInclusive, toExclusive) < 0) {
                for (Map.Entry<byte[], byte[]> e : range(fromInclusive, toExclusive).entrySet()) {
                    snapshot.add(new Entry(e.getKey().clone(), e.getValue().clone()));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return new SnapshotIterator(snapshot.iterator());
    }

    private NavigableMap<byte[], byte[]> range(byte[] from, byte[] to) {
        if (from == null && to == null) {
            return map;
        }
        if (from == null) {
            return map.headMap(to, false);
        }
        if (to == null) {
            return map.tailMap(from, true);
        }
        return map.subMap(from, true, to, false);
    }

    @Override
    public FsyncPolicy fsyncPolicy() {
        return POLICY;
    }

    @Override
    public String describe() {
        return "memory, fsync=never (volatile)";
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            map.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw StorageException.closed();
        }
    }

    /** Iterates a copied range; holds nothing but memory, so close only ends it early. */
    private final class SnapshotIterator implements CloseableIterator<Entry> {
        private Iterator<Entry> it;

        SnapshotIterator(Iterator<Entry> it) {
            this.it = it;
        }

        @Override
        public boolean hasNext() {
            ensureOpen(); // like RocksDB's: a closed engine's iterator fails rather than looking exhausted
            return it != null && it.hasNext();
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return it.next();
        }

        @Override
        public void close() {
            it = null;
        }
    }
}
