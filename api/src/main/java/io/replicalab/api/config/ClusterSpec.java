package io.replicalab.api.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A whole cluster as written in a YAML config: which backend, which nodes, how data is stored and
 * replicated, plus one free-form section per backend that the backend parses itself.
 * Load with {@link ClusterSpecLoader}, which validates it.
 */
public record ClusterSpec(
        String name,
        String backend,
        ReplicationSpec replication,
        List<NodeSpec> nodes,
        StorageSpec storage,
        RpcSpec rpc,
        AdminSpec admin,
        ObjectNode leaderless,
        ObjectNode raft,
        ObjectNode singleLeader) {

    public ClusterSpec {
        name = name == null ? "replicalab" : name;
        replication = replication == null ? new ReplicationSpec(null, null, null) : replication;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        storage = storage == null ? new StorageSpec(null, null, null) : storage;
        rpc = rpc == null ? RpcSpec.defaults() : rpc;
        admin = admin == null ? AdminSpec.defaults() : admin;
    }

    /** Replication factor N. */
    public int replicationFactor() {
        return replication.factorOr(nodes.size());
    }

    public int defaultReadQuorum() {
        return replication.readQuorumOr(replicationFactor());
    }

    public int defaultWriteQuorum() {
        return replication.writeQuorumOr(replicationFactor());
    }

    public Optional<NodeSpec> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The node, or a {@link ConfigException} listing the ids that exist. */
    public NodeSpec requireNode(String id) {
        return node(id).orElseThrow(() -> new ConfigException("node id '" + id + "' is not in the config: use one of "
                + String.join(", ", nodeIds())));
    }

    public List<String> nodeIds() {
        return nodes.stream().map(NodeSpec::id).toList();
    }

    /** The raw section of the named backend ({@code leaderless}, {@code raft}, {@code single-leader}), if present. */
    public Optional<ObjectNode> backendSection(String backendName) {
        return Optional.ofNullable(switch (backendName) {
            case "leaderless" -> leaderless;
            case "raft" -> raft;
            case "single-leader" -> singleLeader;
            default -> null;
        });
    }

    /** A copy with another backend, as {@code --backend} on the command line does. */
    public ClusterSpec withBackend(String newBackend) {
        return new ClusterSpec(name, newBackend, replication, nodes, storage, rpc, admin, leaderless, raft, singleLeader);
    }

    /** A copy whose section of backend {@code backendName} is {@code section} (other sections unchanged). */
    public ClusterSpec withBackendSection(String backendName, ObjectNode section) {
        return switch (backendName) {
            case "leaderless" -> new ClusterSpec(name, backend, replication, nodes, storage, rpc, admin, section, raft, singleLeader);
            case "raft" -> new ClusterSpec(name, backend, replication, nodes, storage, rpc, admin, leaderless, section, singleLeader);
            case "single-leader" -> new ClusterSpec(name, backend, replication, nodes, storage, rpc, admin, leaderless, raft, section);
            default -> throw new ConfigException("backend '" + backendName + "' has no config section");
        };
    }

    /** A copy with another storage section (tests point it at a temp dir). */
    public ClusterSpec withStorage(StorageSpec newStorage) {
        return new ClusterSpec(name, backend, replication, nodes, newStorage, rpc, admin, leaderless, raft, singleLeader);
    }

    /** A copy with other nodes (tests use free ports chosen at run time). */
    public ClusterSpec withNodes(List<NodeSpec> newNodes) {
        return new ClusterSpec(name, backend, replication, newNodes, storage, rpc, admin, leaderless, raft, singleLeader);
    }
}
