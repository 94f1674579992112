package io.replicalab.experiments.nemesis;

import io.replicalab.experiments.cluster.Cluster;
import io.replicalab.experiments.spec.FaultStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fault schedule on one thread (so faults never race each other) and, at the end, restores the
 * cluster: undoes every fault still in force, heals every link and clock, resumes paused nodes and
 * restarts dead ones.
 */
public final class NemesisRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NemesisRunner.class);

    private final Nemesis nemesis;
    private final Cluster cluster;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nemesis");
        t.setDaemon(true);
        return t;
    });
    private final List<ActiveFault> active = new ArrayList<>();
    private volatile boolean finished;

    public NemesisRunner(Nemesis nemesis, Cluster cluster) {
        this.nemesis = nemesis;
        this.cluster = cluster;
    }

    /** Schedules every step relative to now. */
    public void start(List<FaultStep> steps) {
        for (FaultStep step : steps) {
            thread.schedule(() -> startUnlessFinished(step), step.atDuration().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void startUnlessFinished(FaultStep step) {
        if (finished) {
            return; // the workload is over: faults that had not started yet are dropped
        }
        nemesis.start(step).ifPresent(fault -> {
            active.add(fault);
            thread.schedule(() -> stop(fault), step.length().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void stop(ActiveFault fault) {
        if (active.remove(fault)) {
            nemesis.stop(fault);
        }
    }

    /**
     * Cancels the faults not started yet, stops those in force (newest first), then heals everything and
     * brings every node back. Returns when the cluster is whole again.
     */
    public void healAndRestore(Duration timeout) throws InterruptedException {
        finished = true;
        var done = thread.submit(() -> {
            for (int i = active.size() - 1; i >= 0; i--) {
                nemesis.stop(active.get(i));
            }
            active.clear();
            for (String id : cluster.nodeIds()) {
                if (cluster.isPaused(id)) {
                    cluster.resume(id);
                }
                if (!cluster.isRunning(id)) {
                    LOG.info("restarting node {} after the nemesis", id);
                    cluster.restart(id);
                }
            }
            cluster.healAll();
        });
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not restore the cluster after the nemesis: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("restoring the cluster after the nemesis took over " + timeout.toSeconds() + " s");
        }
        thread.shutdownNow(); // drops the schedule of faults that had not started
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
