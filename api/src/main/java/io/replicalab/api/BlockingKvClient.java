package io.replicalab.api;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Synchronous facade over a {@link KvClient}. Errors are rethrown as the {@link KvException}
 * the async call failed with; a stage that never completes (a backend bug) still returns control
 * after a safety deadline, as an unknown outcome.
 */
public final class BlockingKvClient {
    /** Backends enforce their own timeouts; this only bounds a stage that was never completed. */
    private static final Duration SAFETY_DEADLINE = Duration.ofMinutes(2);

    private final KvClient async;

    public BlockingKvClient(KvClient async) {
        this.async = async;
    }

    public Versioned<byte[]> get(String key) {
        return get(key, ReadOptions.defaults());
    }

    public Versioned<byte[]> get(String key, ReadOptions options) {
        return await(async.get(key, options));
    }

    public CausalContext put(String key, byte[] value) {
        return put(key, value, CausalContext.EMPTY, WriteOptions.defaults());
    }

    public CausalContext put(String key, byte[] value, CausalContext context, WriteOptions options) {
        return await(async.put(key, value, context, options));
    }

    public void delete(String key) {
        delete(key, CausalContext.EMPTY, WriteOptions.defaults());
    }

    public void delete(String key, CausalContext context, WriteOptions options) {
        await(async.delete(key, context, options));
    }

    public boolean compareAndSet(String key, Precondition expected, byte[] newValue, WriteOptions options) {
        return await(async.compareAndSet(key, expected, newValue, options));
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(SAFETY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationTimeoutException("interrupted while waiting: outcome unknown");
        } catch (TimeoutException e) {
            throw new OperationTimeoutException("no completion after " + SAFETY_DEADLINE + ": outcome unknown");
        } catch (ExecutionException e) {
            Throwable cause = Outcome.unwrap(e);
            if (cause instanceof KvException kv) {
                throw kv;
            }
            throw new ConnectionLostException("operation failed unexpectedly: " + cause, cause);
        }
    }
}
