package io.replicalab.experiments.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.config.FsyncPolicy;
import io.replicalab.api.config.ReplicationSpec;
import io.replicalab.api.config.StorageSpec;
import java.util.List;

/**
 * The {@code cluster:} section: which backend, how many nodes, how they run and store.
 *
 * @param backend the backend's name ({@code --backend} on the command line overrides it)
 * @param kind {@code local} (every node in the experiment's JVM: fast, no kill -9 or SIGSTOP) or
 *             {@code process} (one JVM per node)
 * @param nodes cluster size
 * @param fsync storage fsync policy ({@code always}, {@code batch(5ms)}, {@code never})
 * @param storage {@code rocksdb} (default) or {@code memory}
 * @param replication N and default R/W, as in a cluster config
 * @param requestTimeoutMs client and replica request timeout
 * @param leaderless the leaderless backend's own settings, passed through to the cluster config
 * @param raft the raft backend's own settings
 * @param singleLeader the single-leader backend's own settings
 */
public record ClusterSection(String backend, String kind, Integer nodes, String fsync, String storage,
                             ReplicationSpec replication, Integer requestTimeoutMs, ObjectNode leaderless, ObjectNode raft,
                             ObjectNode singleLeader) {
    public static final String LOCAL = "local";
    public static final String PROCESS = "process";

    public ClusterSection {
        backend = backend == null ? "leaderless" : backend.trim();
        kind = SpecChecks.choice("cluster.kind", kind, LOCAL, List.of(LOCAL, PROCESS));
        nodes = nodes == null ? 3 : nodes;
        SpecChecks.require(nodes >= 1 && nodes <= 9, "cluster.nodes", nodes + " is out of range: use 1..9 (3 or 5 is typical)");
        fsync = fsync == null ? "always" : fsync;
        FsyncPolicy.parse(fsync); // names the valid policies
        storage = SpecChecks.choice("cluster.storage", storage, StorageSpec.ROCKSDB, List.of(StorageSpec.ROCKSDB, StorageSpec.MEMORY));
        replication = replication == null ? new ReplicationSpec(null, null, null) : replication;
        requestTimeoutMs = requestTimeoutMs == null ? 1000 : requestTimeoutMs;
        SpecChecks.require(requestTimeoutMs >= 10, "cluster.request-timeout-ms", requestTimeoutMs + " is too small: use 10 or more");
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isProcess() {
        return kind.equals(PROCESS);
    }

    /** True when the backend reaches ZooKeeper: single-leader with an election other than {@code fixed}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean usesZooKeeper() {
        return backend.equals("single-leader")
                && (singleLeader == null || !singleLeader.path("election").asText("latch").equals("fixed"));
    }

    public ClusterSection withBackend(String newBackend) {
        return new ClusterSection(newBackend, kind, nodes, fsync, storage, replication, requestTimeoutMs, leaderless, raft,
                singleLeader);
    }
}
