package io.replicalab.api.config;

/**
 * One node of the cluster: its id, the host and port of its replication RPC, and its admin port.
 */
public record NodeSpec(String id, String host, int port, int adminPort) {
    public NodeSpec {
        host = host == null ? "127.0.0.1" : host;
    }

    public NodeSpec withId(String newId) {
        return new NodeSpec(newId, host, port, adminPort);
    }

    public String rpcAddress() {
        return host + ":" + port;
    }
}
