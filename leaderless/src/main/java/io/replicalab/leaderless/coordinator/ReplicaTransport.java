package io.replicalab.leaderless.coordinator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** How a coordinator reaches the replicas of a key (the local one directly, others over RPC). */
public interface ReplicaTransport<S> {
    CompletableFuture<S> read(String node, String key, Duration timeout);

    /** Merges {@code state} into {@code node}'s copy of {@code key}; completes when durable there. */
    CompletableFuture<Void> apply(String node, String key, S state, Duration timeout);

    /** Asks stand-in {@code node} to hold {@code state} of {@code key} for the down replica {@code owner}. */
    CompletableFuture<Void> applyHint(String node, String owner, String key, S state, Duration timeout);

    /** Hands a whole client write to {@code node} to coordinate (it must be a replica of the key). */
    CompletableFuture<byte[]> forwardPut(String node, io.replicalab.leaderless.wire.LeaderlessMessages.CoordinatePut put,
                                         Duration timeout);
}
