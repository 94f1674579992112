package io.replicalab.node.rpc;

import java.time.Duration;

/**
 * @param connectTimeout how long to wait for a TCP connection before the call fails as unavailable
 * @param defaultRequestTimeout used when a call passes no timeout
 */
public record RpcClientOptions(int maxFrameBytes, Duration connectTimeout, Duration defaultRequestTimeout) {
}
