package io.replicalab.experiments.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.experiments.cluster.Cluster;
import io.replicalab.experiments.cluster.LeaderView;
import io.replicalab.experiments.history.HistoryWriter;
import io.replicalab.node.admin.NodeStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the leader changes a backend reports into the history (type {@code event}, f {@code leader}):
 * polls every running node's status and records when the leader (or primary), term (or epoch) or role it
 * reports changes ({@link LeaderView}). A backend without leaders reports neither and produces no events. Polling can miss a
 * change that is undone within one interval; the history then shows the later state only.
 */
final class BackendEventWatcher implements AutoCloseable {
    private final Cluster cluster;
    private final HistoryWriter history;
    private final Map<String, LeaderView> last = new HashMap<>();
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
            cluster.status(id).ifPresent(s -> record(id, s));
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
