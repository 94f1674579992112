package io.replicalab.leaderless.replica;

import io.replicalab.leaderless.coordinator.Liveness;
import io.replicalab.leaderless.coordinator.ReplicaTransport;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands stored hints to their owners once the failure detector sees them alive again; a hint is
 * deleted only after the owner acknowledged it durably, so a replay interrupted by a crash repeats
 * (merges are idempotent) rather than losing the write.
 */
public final class HintReplayer<S> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HintReplayer.class);
    private static final int BATCH = 256;

    private final HintStore<S> hints;
    private final ReplicaTransport<S> transport;
    private final Liveness liveness;
    private final Duration timeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ScheduledFuture<?> task;

    public HintReplayer(HintStore<S> hints, ReplicaTransport<S> transport, Liveness liveness, Duration interval,
                        Duration timeout, ScheduledExecutorService scheduler) {
        this.hints = hints;
        this.transport = transport;
        this.liveness = liveness;
        this.timeout = timeout;
        this.task = scheduler.scheduleWithFixedDelay(this::replayOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One pass over every owner that is alive; at most one pass runs at a time. */
    void replayOnce() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            for (String owner : hints.owners()) {
                if (!liveness.isAlive(owner)) {
                    continue;
                }
                for (HintStore.Hint<S> hint : hints.hintsFor(owner, BATCH)) {
                    try {
                        transport.apply(owner, hint.key(), hint.state(), timeout).get(timeout.toMillis() * 2,
                                TimeUnit.MILLISECONDS);
                        hints.delivered(hint);
                    } catch (Exception e) {
                        LOG.debug("hint replay to {} stopped: {}", owner, e.toString());
                        break; // the owner is not taking writes yet; try again next pass
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("hint replay pass failed", e);
        } finally {
            running.set(false);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
