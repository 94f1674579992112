package io.replicalab.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.experiments.cluster.Cluster;
import io.replicalab.experiments.cluster.LeaderView;
import io.replicalab.experiments.history.HistoryWriter;
import io.replicalab.node.admin.AdminClient;
import io.replicalab.node.admin.NodeStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the leader changes a backend reports into the history (type {@code event}, f {@code leader}):
 * polls every running node's status and records when the leader (or primary), term (or epoch) or role it
 * reports changes ({@link LeaderView}). A backend without leaders reports neither and produces no events. Polling can miss a
 * change that is undone within one interval; the history then shows the later state only. A node that stops
 * answering (killed, paused) is forgotten, so its view is written again when it answers again.
 *
 * <p>A backend whose nodes publish an admin resource {@code promotions} (single-leader: who became or
 * stopped being primary, in which epoch, at which log position, when) has each new entry written as
 * f {@code promotion}, with the node's own time of the change ({@code at-millis}, its wall clock) in the value.
 */
final class BackendEventWatcher implements AutoCloseable {
    private final Cluster cluster;
    private final HistoryWriter history;
    private final Map<String, LeaderView> last = new HashMap<>();
    /** Promotion entries already written, per node (node lists restart empty after a restart). */
    private final Map<String, Set<String>> promotionsSeen = new HashMap<>();
    /** Nodes that answered that they publish no {@code promotions} resource. */
    private final Set<String> noPromotions = new HashSet<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backend-events");
        t.setDaemon(true);
        return t;
    });

    BackendEventWatcher(Cluster cluster, HistoryWriter history) {
        this.cluster = cluster;
        this.history = history;
    }

    void start(Duration interval) {
        thread.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        for (String id : cluster.nodeIds()) {
            var status = cluster.status(id);
            if (status.isEmpty()) {
                last.remove(id);
                continue;
            }
            record(id, status.get());
            if (!noPromotions.contains(id)) {
                promotions(id);
            }
        }
    }

    private void promotions(String id) {
        JsonNode list;
        try {
            list = cluster.admin(id).resource("promotions");
        } catch (AdminClient.AdminCallException e) {
            if (e.getMessage() != null && e.getMessage().contains(" answered 404")) {
                noPromotions.add(id);
            }
            return;
        }
        Set<String> seen = promotionsSeen.computeIfAbsent(id, k -> new HashSet<>());
        for (JsonNode p : list) {
            if (seen.add(p.toString())) {
                ObjectNode details = JsonNodeFactory.instance.objectNode();
                p.fields().forEachRemaining(f -> details.set(f.getKey(), f.getValue()));
                history.backendEvent("promotion", p.path("node").asText(id), details);
            }
        }
    }

    private void record(String id, NodeStatus status) {
        LeaderView.of(status).ifPresent(view -> {
            if (view.equals(last.put(id, view))) {
                return;
            }
            ObjectNode details = JsonNodeFactory.instance.objectNode();
            details.put("leader", view.leader());
            details.putPOJO("term", view.term());
            if (view.role() != null) {
                details.put("role", view.role());
            }
            history.backendEvent("leader", id, details);
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
