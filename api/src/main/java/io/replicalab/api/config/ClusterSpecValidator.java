package io.replicalab.api.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a parsed {@link ClusterSpec} for values that parse but cannot work. */
public final class ClusterSpecValidator {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MIN_FRAME = 1024;
    private static final int MAX_FRAME = 256 * 1024 * 1024;

    private ClusterSpecValidator() {
    }

    public static ClusterSpec validate(ClusterSpec spec) {
        if (spec.backend() == null || spec.backend().isBlank()) {
            throw new ConfigException("backend: is missing: set it to leaderless, raft or single-leader");
        }
        validateNodes(spec.nodes());
        validateReplication(spec);
        validateStorage(spec.storage());
        validateRpc(spec.rpc());
        validateAdmin(spec.admin());
        return spec;
    }

    private static void validateNodes(List<NodeSpec> nodes) {
        if (nodes.isEmpty()) {
            throw new ConfigException("nodes: is empty: list at least one node with id, host, port and admin-port");
        }
        Set<String> ids = new HashSet<>();
        Map<String, String> endpoints = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec n = nodes.get(i);
            String at = "nodes[" + i + "]";
            if (n.id() == null || !NODE_ID.matcher(n.id()).matches()) {
                throw new ConfigException(at + ".id: '" + n.id() + "' is not a valid node id: use letters, digits, '.', '_' or '-' (at most 64)");
            }
            if (!ids.add(n.id())) {
                throw new ConfigException(at + ".id: duplicate node id '" + n.id() + "': give every node a unique id");
            }
            if (n.host().isBlank()) {
                throw new ConfigException(at + ".host is blank: set an address such as 127.0.0.1");
            }
            checkPort(at + ".port", n.port());
            checkPort(at + ".admin-port", n.adminPort());
            claim(endpoints, n.host() + ":" + n.port(), at + ".port");
            claim(endpoints, n.host() + ":" + n.adminPort(), at + ".admin-port");
        }
    }

    private static void checkPort(String field, int port) {
        if (port == 0) {
            throw new ConfigException(field + " is missing: set a TCP port in 1..65535");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(field + ": " + port + " is not a TCP port: use 1..65535");
        }
    }

    private static void claim(Map<String, String> endpoints, String endpoint, String field) {
        String previous = endpoints.putIfAbsent(endpoint, field);
        if (previous != null) {
            throw new ConfigException(field + ": port clash: " + endpoint + " is already used by " + previous
                    + ": give every port of every node its own number");
        }
    }

    private static void validateReplication(ClusterSpec spec) {
        int nodes = spec.nodes().size();
        ReplicationSpec r = spec.replication();
        int n = spec.replicationFactor();
        if (n < 1 || n > nodes) {
            throw new ConfigException("replication.factor: N=" + n + " but the cluster has " + nodes
                    + " nodes: choose 1 <= N <= " + nodes);
        }
        if (r.readQuorum() != null) {
            checkQuorum("replication.read-quorum", "R", r.readQuorum(), n);
        }
        if (r.writeQuorum() != null) {
            checkQuorum("replication.write-quorum", "W", r.writeQuorum(), n);
        }
    }

    private static void checkQuorum(String field, String letter, int value, int n) {
        if (value < 1) {
            throw new ConfigException(field + ": " + letter + "=" + value + " is below 1: ask for at least one replica");
        }
        if (value > n) {
            throw new ConfigException(field + ": " + letter + "=" + value + " exceeds the replication factor N=" + n
                    + ": choose " + letter + " <= " + n);
        }
    }

    private static void validateStorage(StorageSpec storage) {
        String engine = storage.engine().toLowerCase(Locale.ROOT);
        if (!engine.equals(StorageSpec.ROCKSDB) && !engine.equals(StorageSpec.MEMORY)) {
            throw new ConfigException("storage.engine: unknown engine '" + storage.engine() + "': use rocksdb or memory");
        }
        storage.fsyncPolicy();
        if (storage.dir() == null) {
            throw new ConfigException("storage.dir is missing: set a directory for the node data");
        }
    }

    private static void validateRpc(RpcSpec rpc) {
        if (rpc.maxFrameBytes() < MIN_FRAME || rpc.maxFrameBytes() > MAX_FRAME) {
            throw new ConfigException("rpc.max-frame-bytes: " + rpc.maxFrameBytes() + " is out of range: use "
                    + MIN_FRAME + ".." + MAX_FRAME);
        }
        if (rpc.requestTimeoutMs() < 1) {
            throw new ConfigException("rpc.request-timeout-ms must be positive, was " + rpc.requestTimeoutMs());
        }
        if (rpc.connectTimeoutMs() < 1) {
            throw new ConfigException("rpc.connect-timeout-ms must be positive, was " + rpc.connectTimeoutMs());
        }
        if (rpc.maxValueBytes() < 1 || rpc.maxValueBytes() > rpc.maxFrameBytes() - 512) {
            throw new ConfigException("rpc.max-value-bytes: " + rpc.maxValueBytes()
                    + " must be positive and leave 512 bytes of headroom below rpc.max-frame-bytes (" + rpc.maxFrameBytes() + ")");
        }
    }

    private static void validateAdmin(AdminSpec admin) {
        if (!admin.isLoopback() && (admin.token() == null || admin.token().isBlank())) {
            throw new ConfigException("admin.bind is " + admin.bind()
                    + " (not loopback) but admin.token is not set: set a cluster token or bind to 127.0.0.1");
        }
    }
}
