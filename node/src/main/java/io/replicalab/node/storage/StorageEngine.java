package io.replicalab.node.storage;

import io.replicalab.api.config.FsyncPolicy;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An ordered byte-key store under one replica. Keys are ordered unsigned-lexicographically
 * ({@link ByteKeys#compare}). Every method is thread-safe.
 *
 * <p>The future of a write is the <em>ack point</em>: it completes once the write is as durable as
 * {@link #fsyncPolicy()} promises, so a protocol acknowledges a client only after it completes.
 * Reads see a write as soon as it is applied, which may be before its future completes. Dependent
 * actions of the future may run on the engine's writer thread: keep them short and never block
 * there on another write of the same engine.
 *
 * <p>After {@link #close()} every operation throws {@link StorageException} ("storage closed");
 * writes already accepted complete (or fail) during close, none is left hanging.
 */
public interface StorageEngine extends AutoCloseable {
    /** The value stored under {@code key}; empty when absent (an empty value is present). */
    Optional<byte[]> get(byte[] key);

    /** Applies {@code batch} atomically; completes at the ack point (see the class comment). */
    CompletionStage<Void> write(WriteBatch batch);

    default CompletionStage<Void> put(byte[] key, byte[] value) {
        return write(new WriteBatch().put(key, value));
    }

    default CompletionStage<Void> delete(byte[] key) {
        return write(new WriteBatch().delete(key));
    }

    /**
     * Entries with {@code fromInclusive <= key < toExclusive} in key order, as of the call: writes made
     * while iterating are not seen. A {@code null} bound is open.
     */
    CloseableIterator<Entry> scan(byte[] fromInclusive, byte[] toExclusive);

    /** Entries whose key starts with {@code prefix}, in key order. */
    default CloseableIterator<Entry> scanPrefix(byte[] prefix) {
        return scan(prefix, ByteKeys.prefixEnd(prefix));
    }

    /** When an ack means "on disk"; the memory engine reports {@code never}. */
    FsyncPolicy fsyncPolicy();

    /** One line for logs and status, e.g. {@code rocksdb at /x/kv, fsync=batch(5ms)}. */
    String describe();

    /** True when the data survives a process restart. */
    boolean durable();

    /** Completes or fails every accepted write, then releases files and memory. Idempotent. */
    @Override
    void close();
}
