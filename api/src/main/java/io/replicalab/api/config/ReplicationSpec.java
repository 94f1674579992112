package io.replicalab.api.config;

/**
 * Replication factor N and the default read and write quorums R and W. Backends that do not use
 * quorums (raft, single-leader) only read N (how many nodes hold a copy).
 */
public record ReplicationSpec(Integer factor, Integer readQuorum, Integer writeQuorum) {
    public int factorOr(int nodes) {
        return factor == null ? Math.min(3, nodes) : factor;
    }

    public int readQuorumOr(int n) {
        return readQuorum == null ? n / 2 + 1 : readQuorum;
    }

    public int writeQuorumOr(int n) {
        return writeQuorum == null ? n / 2 + 1 : writeQuorum;
    }
}
