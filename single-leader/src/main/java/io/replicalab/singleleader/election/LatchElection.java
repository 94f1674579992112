package io.replicalab.singleleader.election;

import io.replicalab.singleleader.core.LogPosition;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code election: latch}: Curator's {@link LeaderLatch} (ephemeral sequential znodes; the lowest leads).
 * Leadership ends when the session is lost (or suspended, per {@code connection-policy}), which is how a
 * dead or cut-off primary is replaced: after the session timeout. A most-up-to-date candidate that finds
 * a node ahead of it leaves the latch and joins again at the back of the queue.
 */
public final class LatchElection extends ZooKeeperElection {
    private static final Logger LOG = LoggerFactory.getLogger(LatchElection.class);

    private LeaderLatch latch;
    private volatile boolean closed;

    public LatchElection(ZooKeeperLink zk, String self, Supplier<LogPosition> position, Promotion promotion) {
        super(zk, self, position, promotion);
    }

    @Override
    protected void begin() {
        thread.execute(this::join);
    }

    private void join() {
        if (closed) {
            return;
        }
        LeaderLatch l = new LeaderLatch(zk.client(), zk.path("leader"), self, LeaderLatch.CloseMode.NOTIFY_LEADER);
        l.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                thread.execute(() -> takeOver(l));
            }

            @Override
            public void notLeader() {
                listener.deposed("lost the ZooKeeper leader latch");
            }
        });
        latch = l;
        try {
            l.start();
        } catch (Exception e) {
            LOG.warn("{}: cannot join the leader latch: {}", self, e.toString());
        }
    }

    private void takeOver(LeaderLatch l) {
        if (closed || l != latch || !l.hasLeadership()) {
            return;
        }
        try {
            long epoch = promote();
            if (epoch < 0) {
                listener.steppedBack();
                latch = null;
                l.close(LeaderLatch.CloseMode.SILENT);
                join();
                return;
            }
            if (l.hasLeadership()) {
                listener.elected(epoch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: promotion failed ({}); leaving the latch to let another node try", self, e.toString());
            try {
                latch = null;
                l.close(LeaderLatch.CloseMode.SILENT);
            } catch (IOException | RuntimeException ignored) {
                // the session may be gone already
            }
            join();
        }
    }

    @Override
    public String describe() {
        return "latch at " + zk.connectString();
    }

    @Override
    protected void closeMode() {
        closed = true;
        LeaderLatch l = latch;
        if (l != null) {
            try {
                l.close(LeaderLatch.CloseMode.SILENT);
            } catch (IOException | RuntimeException e) {
                LOG.debug("{}: closing the latch: {}", self, e.toString());
            }
        }
    }
}
