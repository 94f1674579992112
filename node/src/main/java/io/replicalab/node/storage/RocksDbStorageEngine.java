package io.replicalab.node.storage;

import io.replicalab.api.config.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RocksDB store whose write futures complete exactly when the {@link FsyncPolicy} says an ack
 * may be given:
 * <ul>
 *   <li>{@code always}: group commit. Writers only enqueue; one committer thread takes everything
 *       queued, writes it as one synced RocksDB batch, then completes all those futures. One fsync
 *       covers many concurrent writers, so throughput stays high and every ack is on disk.</li>
 *   <li>{@code batch(ms)}: the write goes to the WAL (page cache) at once; its future completes
 *       after the next WAL fsync, which runs every interval while there are unsynced writes.</li>
 *   <li>{@code never}: the write goes to the WAL (page cache) and completes at once. The WAL is
 *       never disabled, so an acked write survives kill -9, just not a power loss.</li>
 * </ul>
 *
 * <p>A read-write lock guards the native handles: operations hold the read lock, {@link #close()}
 * the write lock, so no thread can touch a closed RocksDB (which would crash the JVM, not throw).
 * Close drains pending writes <em>between</em> its two write-locked steps, so a completion callback
 * that reads the engine meanwhile gets "storage closed" instead of deadlocking the close.
 */
public final class RocksDbStorageEngine implements StorageEngine {
    private static final Logger log = LoggerFactory.getLogger(RocksDbStorageEngine.class);

    static {
        // Once per JVM: class initialisation runs this exactly once, whatever the number of engines.
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final FsyncPolicy policy;
    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final Committer committer;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Set<RocksEntryIterator> openIterators = ConcurrentHashMap.newKeySet();
    private boolean closed; // guarded by lifecycle

    private RocksDbStorageEngine(Path dir, FsyncPolicy policy, Options options, RocksDB db) {
        this.dir = dir;
        this.policy = policy;
        this.options = options;
        this.db = db;
        // WAL stays on for every policy; only "always" asks RocksDB to fsync as part of the write.
        this.writeOptions = new WriteOptions().setDisableWAL(false).setSync(policy instanceof FsyncPolicy.Always);
        if (policy instanceof FsyncPolicy.Always) {
            this.committer = new GroupCommitter();
        } else if (policy instanceof FsyncPolicy.Batch batch) {
            this.committer = new PeriodicWalSync(batch.interval().toMillis());
        } else {
            this.committer = new ImmediateAck();
        }
    }

    /** Opens (creating it and its parents if missing) the RocksDB in {@code dir}. */
    public static RocksDbStorageEngine open(Path dir, FsyncPolicy policy) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(policy, "policy");
        Path absolute = dir.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new StorageException("cannot create rocksdb dir " + absolute + ": " + e
                    + ": check storage.dir and its permissions", e);
        }
        Options options = new Options()
                .setCreateIfMissing(true)
                .setParanoidChecks(true)
                .setKeepLogFileNum(4);
        RocksDB db;
        try {
            db = RocksDB.open(options, absolute.toString());
        } catch (RocksDBException e) {
            options.close();
            throw openFailure(absolute, e);
        }
        RocksDbStorageEngine engine = new RocksDbStorageEngine(absolute, policy, options, db);
        log.info("opened {}", engine.describe());
        return engine;
    }

    /** Turns RocksDB's open errors into what an operator has to do about them. */
    static StorageException openFailure(Path dir, RocksDBException e) {
        String message = String.valueOf(e.getMessage()).strip().replace('\n', ' ');
        Status status = e.getStatus();
        Status.Code code = status == null ? null : status.getCode();
        if (code == Status.Code.Corruption || message.contains("Corruption")) {
            return new StorageException("rocksdb at " + dir + " is corrupt (" + message
                    + "): restore it from a replica or wipe the dir to rejoin empty", e);
        }
        if (lockHeld(message)) {
            return new StorageException("rocksdb at " + dir + " is in use by another process: "
                    + "stop the other node or use another storage.dir", e);
        }
        return new StorageException("cannot open rocksdb at " + dir + ": " + message, e);
    }

    private static boolean lockHeld(String message) {
        // Another process: "While lock file: <dir>/LOCK: Resource temporarily unavailable".
        // This process (RocksDB tracks its own locks): "lock hold by current process ... No locks available".
        return message.contains("lock file")
                || message.contains("lock hold by current process")
                || message.contains("Resource temporarily unavailable")
                || message.contains("No locks available");
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        Objects.requireNonNull(key, "key");
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return Optional.ofNullable(db.get(key));
        } catch (RocksDBException e) {
            throw new StorageException("rocksdb at " + dir + ": read failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public CompletionStage<Void> write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            if (batch.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return committer.submit(batch);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public CloseableIterator<Entry> scan(byte[] fromInclusive, byte[] toExclusive) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            if (fromInclusive != null && toExclusive != null && ByteKeys.compare(fromInclusive, toExclusive) >= 0) {
                return new RocksEntryIterator(null, null, true);
            }
            RocksEntryIterator it = new RocksEntryIterator(fromInclusive, toExclusive, false);
            openIterators.add(it);
            return it;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public FsyncPolicy fsyncPolicy() {
        return policy;
    }

    @Override
    public String describe() {
        return "rocksdb at " + dir + ", fsync=" + policy;
    }

    @Override
    public boolean durable() {
        return true;
    }

    public Path dir() {
        return dir;
    }

    /** How many fsyncs acked writes so far (group commits or periodic WAL syncs); for tests and stats. */
    long ackFsyncs() {
        return committer.fsyncs();
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true; // from here on no operation starts and no write is accepted
        } finally {
            lifecycle.writeLock().unlock();
        }
        // Without the lock: the completion callbacks this runs may call the engine (and get
        // "storage closed"); with the lock held they would block, and this wait for them, forever.
        committer.shutdown();
        lifecycle.writeLock().lock();
        try {
            for (RocksEntryIterator it : List.copyOf(openIterators)) {
                it.release();
            }
            try {
                // Makes a clean stop durable even under "never": the page cache is not the disk.
                db.syncWal();
            } catch (RocksDBException e) {
                log.warn("rocksdb at {}: WAL sync on close failed: {}", dir, e.getMessage());
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                log.warn("rocksdb at {}: close failed: {}", dir, e.getMessage());
            }
            writeOptions.close();
            options.close();
            log.info("closed rocksdb at {}", dir);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw StorageException.closed();
        }
    }

    private org.rocksdb.WriteBatch toRocks(List<WriteBatch> batches) throws RocksDBException {
        org.rocksdb.WriteBatch rocks = new org.rocksdb.WriteBatch();
        try {
            for (WriteBatch batch : batches) {
                for (WriteBatch.Op op : batch.ops()) {
                    if (op instanceof WriteBatch.Put put) {
                        rocks.put(put.key(), put.value());
                    } else {
                        rocks.delete(op.key());
                    }
                }
            }
            return rocks;
        } catch (RocksDBException | RuntimeException e) {
            rocks.close();
            throw e;
        }
    }

    private StorageException writeFailure(Throwable e) {
        return new StorageException("rocksdb at " + dir + ": write failed: " + e.getMessage(), e);
    }

    /** Takes an accepted batch to its ack point. Called under the lifecycle read lock. */
    private interface Committer {
        CompletableFuture<Void> submit(WriteBatch batch);

        /**
         * Completes or fails everything submitted; called once, after no more submits can happen,
         * possibly from a completion callback running on the committer's own thread.
         */
        void shutdown();

        long fsyncs();
    }

    /** {@code never}: in the WAL (page cache) means acked. */
    private final class ImmediateAck implements Committer {
        @Override
        public CompletableFuture<Void> submit(WriteBatch batch) {
            try (org.rocksdb.WriteBatch rocks = toRocks(List.of(batch))) {
                db.write(writeOptions, rocks);
                return CompletableFuture.completedFuture(null);
            } catch (RocksDBException | RuntimeException e) {
                return CompletableFuture.failedFuture(writeFailure(e));
            }
        }

        @Override
        public void shutdown() {
            // Nothing is ever pending.
        }

        @Override
        public long fsyncs() {
            return 0;
        }
    }

    /** {@code always}: one committer thread, one synced RocksDB write per group of queued batches. */
    private final class GroupCommitter implements Committer {
        /** Bounds one group so a flood of writers cannot build an unbounded native batch. */
        private static final int MAX_GROUP = 1024;

        private record Pending(WriteBatch batch, CompletableFuture<Void> future) {
        }

        private final Pending stop = new Pending(null, null);
        private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile boolean stopRequested;
        private volatile long groups;

        GroupCommitter() {
            thread = new Thread(this::run, "rocksdb-commit " + dir.getFileName());
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public CompletableFuture<Void> submit(WriteBatch batch) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            queue.add(new Pending(batch, future));
            return future;
        }

        private void run() {
            List<Pending> group = new ArrayList<>();
            boolean stopping = false;
            while (!stopping) {
                group.clear();
                try {
                    group.add(queue.take());
                } catch (InterruptedException e) {
                    // Only close() ends this thread, through the stop marker; an interrupt is noise.
                    continue;
                }
                queue.drainTo(group, MAX_GROUP - 1);
                // shutdown() enqueues the marker after the last accepted write, so it comes last.
                if (group.get(group.size() - 1) == stop) {
                    group.remove(group.size() - 1);
                    stopping = true;
                }
                if (!group.isEmpty()) {
                    commit(group);
                }
                stopping |= stopRequested;
            }
        }

        private void commit(List<Pending> group) {
            List<WriteBatch> batches = new ArrayList<>(group.size());
            for (Pending p : group) {
                batches.add(p.batch());
            }
            try (org.rocksdb.WriteBatch rocks = toRocks(batches)) {
                db.write(writeOptions, rocks); // writeOptions.sync is true: on disk when this returns
                groups++; // only this thread writes it
            } catch (RocksDBException | RuntimeException e) {
                StorageException failure = writeFailure(e);
                log.warn("{}: group of {} writes failed: {}", describe(), group.size(), e.getMessage());
                group.forEach(p -> p.future().completeExceptionally(failure));
                return;
            }
            group.forEach(p -> p.future().complete(null));
        }

        @Override
        public void shutdown() {
            if (Thread.currentThread() == thread) {
                // close() from a completion callback: this thread cannot wait for itself, so it
                // commits what is left right here and run() ends when the callback returns.
                List<Pending> rest = new ArrayList<>();
                queue.drainTo(rest);
                if (!rest.isEmpty()) {
                    commit(rest);
                }
                stopRequested = true;
                return;
            }
            queue.add(stop);
            joinUninterruptibly(thread);
        }

        @Override
        public long fsyncs() {
            return groups;
        }
    }

    /** {@code batch(ms)}: write now, ack after the next periodic WAL fsync. */
    private final class PeriodicWalSync implements Committer {
        private final ConcurrentLinkedQueue<CompletableFuture<Void>> unsynced = new ConcurrentLinkedQueue<>();
        private final ScheduledExecutorService syncer;
        private volatile Thread syncThread;
        private volatile long syncs;

        PeriodicWalSync(long intervalMillis) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rocksdb-wal-sync " + dir.getFileName());
                t.setDaemon(true);
                syncThread = t;
                return t;
            });
            syncer.scheduleWithFixedDelay(this::syncNow, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletableFuture<Void> submit(WriteBatch batch) {
            try (org.rocksdb.WriteBatch rocks = toRocks(List.of(batch))) {
                db.write(writeOptions, rocks);
            } catch (RocksDBException | RuntimeException e) {
                return CompletableFuture.failedFuture(writeFailure(e));
            }
            // Enqueued only after the write returned, so the sync that dequeues it covers it.
            CompletableFuture<Void> future = new CompletableFuture<>();
            unsynced.add(future);
            return future;
        }

        private synchronized void syncNow() {
            if (unsynced.isEmpty()) {
                return; // no writes since the last sync: no fsync
            }
            List<CompletableFuture<Void>> due = new ArrayList<>();
            for (CompletableFuture<Void> f; (f = unsynced.poll()) != null; ) {
                due.add(f);
            }
            try {
                db.syncWal();
                syncs++;
            } catch (RocksDBException | RuntimeException e) {
                // Caught, not thrown: an exception would cancel every later sync of the schedule.
                StorageException failure = new StorageException("rocksdb at " + dir + ": WAL fsync failed: "
                        + e.getMessage(), e);
                log.warn("{}: WAL fsync of {} writes failed: {}", describe(), due.size(), e.getMessage());
                due.forEach(f -> f.completeExceptionally(failure));
                return;
            }
            due.forEach(f -> f.complete(null));
        }

        @Override
        public void shutdown() {
            syncer.shutdown();
            // From a completion callback on the sync thread, waiting for that thread would hang.
            boolean terminated = Thread.currentThread() == syncThread;
            boolean interrupted = false;
            while (!terminated) {
                try {
                    terminated = syncer.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            syncNow(); // the writes accepted since the last tick
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public long fsyncs() {
            return syncs;
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A range iterator. A RocksDB iterator reads from the implicit snapshot taken at its creation,
     * so concurrent writes are not seen; the upper bound lets RocksDB stop at the range end instead
     * of the caller comparing every key.
     */
    private final class RocksEntryIterator implements CloseableIterator<Entry> {
        private final ReadOptions readOptions;
        private final Slice upperBound;
        private final RocksIterator it;
        private volatile boolean released;

        RocksEntryIterator(byte[] fromInclusive, byte[] toExclusive, boolean empty) {
            if (empty) {
                // An empty range holds nothing native (and RocksDB's seek past the upper bound is murky).
                readOptions = null;
                upperBound = null;
                it = null;
                released = true;
                return;
            }
            readOptions = new ReadOptions();
            upperBound = toExclusive == null ? null : new Slice(toExclusive);
            if (upperBound != null) {
                readOptions.setIterateUpperBound(upperBound);
            }
            it = db.newIterator(readOptions);
            if (fromInclusive == null) {
                it.seekToFirst();
            } else {
                it.seek(fromInclusive);
            }
        }

        @Override
        public boolean hasNext() {
            lifecycle.readLock().lock();
            try {
                return hasNextLocked();
            } finally {
                lifecycle.readLock().unlock();
            }
        }

        private boolean hasNextLocked() {
            ensureOpen();
            if (released) {
                return false;
            }
            if (it.isValid()) {
                return true;
            }
            try {
                it.status(); // an iterator also turns invalid on an I/O error or corruption
            } catch (RocksDBException e) {
                release();
                throw new StorageException("rocksdb at " + dir + ": scan failed: " + e.getMessage(), e);
            }
            release(); // exhausted: give the native resources back without waiting for close()
            return false;
        }

        @Override
        public Entry next() {
            lifecycle.readLock().lock();
            try {
                if (!hasNextLocked()) {
                    throw new NoSuchElementException();
                }
                Entry entry = new Entry(it.key(), it.value());
                it.next();
                return entry;
            } finally {
                lifecycle.readLock().unlock();
            }
        }

        @Override
        public void close() {
            lifecycle.readLock().lock();
            try {
                release();
            } finally {
                lifecycle.readLock().unlock();
            }
        }

        synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            it.close();
            readOptions.close();
            if (upperBound != null) {
                upperBound.close();
            }
            openIterators.remove(this);
        }
    }
}
