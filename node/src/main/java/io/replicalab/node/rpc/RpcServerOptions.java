package io.replicalab.node.rpc;

/**
 * @param nodeId the id this server answers as (the {@code to} of incoming links)
 * @param port 0 picks a free port (tests and benchmarks)
 */
public record RpcServerOptions(String nodeId, String host, int port, int maxFrameBytes) {
}
