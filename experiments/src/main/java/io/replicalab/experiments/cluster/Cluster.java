package io.replicalab.experiments.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.api.FaultControl;
import io.replicalab.api.KvClient;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.node.admin.AdminClient;
import io.replicalab.node.admin.NodeStatus;
import io.replicalab.node.applylog.ApplyLogEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running cluster as the experiment runner and the nemesis see it, whatever the backend and whether
 * the nodes are threads of this JVM ({@link LocalCluster}) or processes ({@link ProcessCluster}).
 * Process faults (kill, pause, wipe) belong here; link faults and clocks go through each node's
 * {@link FaultControl}, reached over the node's admin endpoint unless the node is in this JVM.
 */
public interface Cluster extends AutoCloseable {

    ClusterSpec spec();

    /** {@code local} or {@code process}. */
    String kind();

    default List<String> nodeIds() {
        return spec().nodeIds();
    }

    /** A new client of the cluster (each logical client of a workload gets its own). */
    default KvClient newClient() {
        return Backends.named(spec().backend()).newClient(spec());
    }

    /** Crash: {@code kill -9} for a process; an in-JVM node is closed (it cannot lose what it did not flush). */
    void kill(String id);

    /** Starts a killed (or wiped) node again from its data dir and returns once it serves. */
    void restart(String id);

    /** Freezes the node ({@code SIGSTOP}); unsupported by {@link LocalCluster}. */
    void pause(String id);

    void resume(String id);

    /** True while the node has a running (possibly paused) server. */
    boolean isRunning(String id);

    boolean isPaused(String id);

    /** Deletes the data dir of a node that is not running (the "lost disk" fault). */
    default void wipe(String id) {
        if (isRunning(id)) {
            throw new IllegalStateException("node " + id + " is running: kill it before wiping its data");
        }
        try {
            io.replicalab.node.NodeDataDir.wipe(spec().storage().nodeDir(id));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot wipe the data of " + id + ": " + e.getMessage(), e);
        }
    }

    /** The admin endpoint of node {@code id}. */
    default AdminClient admin(String id) {
        NodeSpec n = spec().requireNode(id);
        return new AdminClient(n.host(), n.adminPort(), spec().admin().token());
    }

    /** Link faults and clock of a running node. */
    default FaultControl faults(String id) {
        return admin(id);
    }

    /**
     * Blocks {@code from -> to}. The fault is set on both endpoints that are running, since some
     * backends can only filter on the receiving side (Ratis) and others on either.
     */
    default void blockLink(String from, String to) {
        onEndpoints(from, to, f -> f.blockLink(from, to));
    }

    default void delayLink(String from, String to, Duration delay) {
        onEndpoints(from, to, f -> f.delayLink(from, to, delay));
    }

    default void healLink(String from, String to) {
        onEndpoints(from, to, f -> f.healLink(from, to));
    }

    /** Removes every link fault and clock offset of every running node. */
    default void healAll() {
        for (String id : nodeIds()) {
            if (isRunning(id) && !isPaused(id)) {
                FaultControl f = faults(id);
                f.healAllLinks();
                f.setClockOffset(Duration.ZERO);
            }
        }
    }

    default void setClockOffset(String id, Duration offset) {
        faults(id).setClockOffset(offset);
    }

    private void onEndpoints(String from, String to, java.util.function.Consumer<FaultControl> action) {
        for (String id : List.of(from, to)) {
            if (isRunning(id) && !isPaused(id)) {
                action.accept(faults(id));
            }
        }
    }

    /** The node's status, or empty when it is down, paused or does not answer. */
    default Optional<NodeStatus> status(String id) {
        if (!isRunning(id) || isPaused(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(admin(id).status());
        } catch (AdminClient.AdminCallException e) {
            return Optional.empty();
        }
    }

    /**
     * The leader (or primary) the running nodes report in their status ({@link LeaderView#leaderOf}: the
     * self-claimed leader of the highest term, else the one most nodes name); empty for a backend without
     * leaders or while there is none.
     */
    default Optional<String> leader() {
        java.util.Map<String, LeaderView> views = new java.util.HashMap<>();
        for (String id : nodeIds()) {
            status(id).flatMap(LeaderView::of).ifPresent(v -> views.put(id, v));
        }
        return LeaderView.leaderOf(views);
    }

    /**
     * The node's apply log from its admin resource {@code apply-log}, paged by sequence; empty when the
     * backend does not publish one.
     */
    default List<ApplyLogEntry> applyLog(String id) {
        AdminClient admin = admin(id);
        // The admin endpoint speaks kebab-case JSON (applied-at-millis).
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE);
        List<ApplyLogEntry> all = new ArrayList<>();
        long from = 0;
        while (true) {
            JsonNode page = admin.resource("apply-log?from=" + from);
            long next = from;
            for (JsonNode e : page) {
                ApplyLogEntry entry = json.convertValue(e, ApplyLogEntry.class);
                if (entry.sequence() >= next) {
                    all.add(entry);
                    next = entry.sequence() + 1;
                }
            }
            if (next == from) {
                return all;
            }
            from = next;
        }
    }

    /** Where node logs are written, if the nodes have their own (process clusters). */
    default Optional<java.nio.file.Path> logDir() {
        return Optional.empty();
    }

    /** Stops every node; data dirs stay. */
    @Override
    void close();
}
