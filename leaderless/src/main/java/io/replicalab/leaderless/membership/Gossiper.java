package io.replicalab.leaderless.membership;

import io.replicalab.leaderless.wire.LeaderlessMessages.Gossip;
import io.replicalab.node.NodeRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Push-pull gossip of the membership view. Every round this node bumps its heartbeat and exchanges
 * views with every peer (clusters here are small, so all-to-all costs little and detects failures
 * within a few rounds). Gossip runs over the node's RPC, so link faults cut it like any other message.
 */
public final class Gossiper implements AutoCloseable {
    private final NodeRuntime runtime;
    private final MembershipView view;
    private final List<String> peers;
    private final Duration interval;
    private final LongSupplier monotonicMillis;
    private final ScheduledFuture<?> task;

    public Gossiper(NodeRuntime runtime, MembershipView view, List<String> peers, Duration interval,
                    ScheduledExecutorService scheduler, LongSupplier monotonicMillis) {
        this.runtime = runtime;
        this.view = view;
        this.peers = peers;
        this.interval = interval;
        this.monotonicMillis = monotonicMillis;
        runtime.rpc().handle(Gossip.class, (from, g) -> {
            view.merge(g.states(), monotonicMillis.getAsLong());
            return CompletableFuture.completedFuture(new Gossip(view.snapshot()));
        });
        this.task = scheduler.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        view.bumpSelf();
        Gossip mine = new Gossip(view.snapshot());
        for (String peer : peers) {
            runtime.callPeer(peer, mine, Gossip.class, interval.multipliedBy(4))
                    .thenAccept(answer -> view.merge(answer.states(), monotonicMillis.getAsLong()));
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
