package io.replicalab.node.rpc;

import java.util.concurrent.CompletionStage;

/**
 * Serves one request type. Complete exceptionally with an API exception
 * ({@code UnavailableException}, {@code InvalidRequestException}, ...) to send a typed error; any
 * other exception reaches the caller as an unknown outcome, since the handler may have half-applied.
 */
@FunctionalInterface
public interface RpcHandler<Q, R> {
    CompletionStage<R> handle(String from, Q request);
}
