package io.replicalab.singleleader.election;

import io.replicalab.api.Clock;
import io.replicalab.singleleader.core.LogPosition;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code election: ttl-lock}, the weak mode of seed 003: a lock znode holding {@code holder expires-at}
 * (the holder's wall clock + ttl), taken when absent or expired by the taker's clock, renewed every
 * third of the ttl. Like a Redis {@code SET NX EX} lock it needs no session: a holder that pauses past
 * the ttl loses the lock to another node <em>without noticing</em> until its next renewal, and until
 * then both believe they lead. Clock skew moves expiry too. There is no fencing in this mode.
 */
public final class TtlLockElection extends ZooKeeperElection {
    private static final Logger LOG = LoggerFactory.getLogger(TtlLockElection.class);

    private final Clock clock;
    private final long ttlMs;
    private volatile boolean holding;
    private volatile long pausedUntilNanos;

    public TtlLockElection(ZooKeeperLink zk, String self, Supplier<LogPosition> position, Promotion promotion,
                           Clock clock, long ttlMs) {
        super(zk, self, position, promotion);
        this.clock = clock;
        this.ttlMs = ttlMs;
    }

    @Override
    protected void begin() {
        thread.scheduleWithFixedDelay(this::round, 0, Math.max(10, ttlMs / 3), TimeUnit.MILLISECONDS);
    }

    /**
     * Freezes this node's lock keeping for {@code pause} (no renewal, no check), as a long GC pause or a
     * SIGSTOP of the lock-keeping thread would. The node keeps believing it leads meanwhile.
     */
    public void pause(Duration pause) {
        pausedUntilNanos = System.nanoTime() + pause.toNanos();
    }

    public boolean holding() {
        return holding;
    }

    private void round() {
        if (System.nanoTime() < pausedUntilNanos || !zk.connected()) {
            return;
        }
        try {
            String p = zk.path("ttl-lock");
            long now = clock.currentTimeMillis();
            String grant = self + " " + (now + ttlMs);
            Stat stat = new Stat();
            String current;
            try {
                current = ZooKeeperLink.text(zk.client().getData().storingStatIn(stat).forPath(p));
            } catch (KeeperException.NoNodeException e) {
                zk.client().create().creatingParentsIfNeeded().forPath(p, ZooKeeperLink.bytes(grant));
                acquired();
                return;
            }
            String[] parts = current.split(" ");
            boolean mine = parts[0].equals(self);
            boolean expired = Long.parseLong(parts[1]) < now;
            if (mine || expired) {
                zk.client().setData().withVersion(stat.getVersion()).forPath(p, ZooKeeperLink.bytes(grant));
                if (!mine || !holding) {
                    acquired();
                }
            } else if (holding) {
                holding = false;
                listener.deposed("the ttl lock is held by " + parts[0]);
            }
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException raced) {
            // another node took or renewed it between our read and write; next round tells
        } catch (Exception e) {
            LOG.debug("{}: ttl-lock round failed: {}", self, e.toString());
        }
    }

    private void acquired() throws Exception {
        long epoch = promote();
        if (epoch < 0) {
            listener.steppedBack();
            zk.client().delete().forPath(zk.path("ttl-lock"));
            return;
        }
        holding = true;
        listener.elected(epoch);
    }

    @Override
    public String describe() {
        return "ttl-lock (" + ttlMs + " ms) at " + zk.connectString();
    }

    @Override
    protected void closeMode() {
        holding = false;
    }
}
