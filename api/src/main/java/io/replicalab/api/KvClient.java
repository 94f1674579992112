package io.replicalab.api;

import java.util.concurrent.CompletionStage;

/**
 * The one key-value API over every replication backend.
 *
 * <p>Every stage completes: normally on {@code ok}; exceptionally with a {@link KvException}
 * whose {@link KvException#outcome()} says whether the operation definitely failed or may have
 * applied. Implementations enforce the request timeout themselves, so no stage stays pending.
 */
public interface KvClient extends AutoCloseable {

    CompletionStage<Versioned<byte[]>> get(String key, ReadOptions options);

    /**
     * Writes {@code value}, superseding the versions named by {@code context} (use
     * {@link CausalContext#EMPTY} for a blind write). Completes with the context of the new version.
     */
    CompletionStage<CausalContext> put(String key, byte[] value, CausalContext context, WriteOptions options);

    CompletionStage<Void> delete(String key, CausalContext context, WriteOptions options);

    /**
     * Writes {@code newValue} only if {@code expected} holds. Completes with {@code true} when
     * written and {@code false} when the precondition did not hold (nothing was written).
     */
    CompletionStage<Boolean> compareAndSet(String key, Precondition expected, byte[] newValue, WriteOptions options);

    default CompletionStage<Versioned<byte[]>> get(String key) {
        return get(key, ReadOptions.defaults());
    }

    default CompletionStage<CausalContext> put(String key, byte[] value) {
        return put(key, value, CausalContext.EMPTY, WriteOptions.defaults());
    }

    default CompletionStage<Void> delete(String key) {
        return delete(key, CausalContext.EMPTY, WriteOptions.defaults());
    }

    /** A synchronous view of this client. */
    default BlockingKvClient blocking() {
        return new BlockingKvClient(this);
    }

    /** Releases connections and threads. Pending operations complete with an unknown outcome. */
    @Override
    void close();
}
