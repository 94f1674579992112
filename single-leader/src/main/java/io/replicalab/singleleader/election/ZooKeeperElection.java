package io.replicalab.singleleader.election;

import io.replicalab.singleleader.core.LogPosition;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both ZooKeeper election modes share: the session, a thread of their own, publishing this node's
 * log position, watching the {@code primary} record, and the promotion procedure (policy check, epoch
 * bump, announcement).
 */
public abstract class ZooKeeperElection implements Election {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperElection.class);

    /** How this election promotes: policy and timing. */
    public record Promotion(boolean mostUpToDate, long settleMs, long publishMs) {
    }

    protected final ZooKeeperLink zk;
    protected final String self;
    protected final Supplier<LogPosition> position;
    protected final Promotion promotion;
    protected final ScheduledExecutorService thread;
    private CuratorCache primaryCache;
    protected volatile Listener listener;
    private volatile LogPosition published;

    ZooKeeperElection(ZooKeeperLink zk, String self, Supplier<LogPosition> position, Promotion promotion) {
        this.zk = zk;
        this.self = self;
        this.position = position;
        this.promotion = promotion;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "election-" + self);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public final void start(Listener l) {
        this.listener = l;
        primaryCache = CuratorCache.build(zk.client(), zk.path("primary"), CuratorCache.Options.SINGLE_NODE_CACHE);
        primaryCache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, now) -> onPrimaryRecord(ZooKeeperLink.text(now.getData())))
                .forDeletes(gone -> l.primaryIs(null, 0))
                .build());
        primaryCache.start();
        thread.scheduleWithFixedDelay(this::publishPosition, 0, promotion.publishMs(), TimeUnit.MILLISECONDS);
        begin();
    }

    /** Starts the mode's own machinery (latch, lock renewal). */
    protected abstract void begin();

    private void onPrimaryRecord(String record) {
        String[] parts = record.split(" ");
        if (parts.length == 2 && !parts[0].equals(self)) {
            listener.primaryIs(parts[0], Long.parseLong(parts[1]));
        }
    }

    private void publishPosition() {
        LogPosition now = position.get();
        if (now.equals(published) || !zk.connected()) {
            return;
        }
        try {
            zk.publishPosition(self, now);
            published = now;
        } catch (Exception e) {
            LOG.debug("{}: cannot publish position {}: {}", self, now, e.toString());
        }
    }

    /**
     * Takes over after winning the election: with most-up-to-date, first checks through ZooKeeper that
     * no live node published a later position (returns -1 if one did: the caller steps back); then
     * bumps the epoch and announces itself. Runs on the election thread.
     */
    protected long promote() throws Exception {
        if (promotion.mostUpToDate()) {
            published = null;
            publishPosition();
            // Give the others a moment to publish what they received last from the old primary.
            Thread.sleep(promotion.settleMs());
            LogPosition mine = position.get();
            for (Map.Entry<String, LogPosition> other : zk.positions().entrySet()) {
                if (!other.getKey().equals(self) && other.getValue().isAfter(mine)) {
                    LOG.info("{}: won the election at {} but {} is ahead at {}: stepping back", self, mine,
                            other.getKey(), other.getValue());
                    return -1;
                }
            }
        }
        long epoch = zk.nextEpoch();
        zk.announcePrimary(self, epoch);
        return epoch;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        if (primaryCache != null) {
            primaryCache.close();
        }
        closeMode();
        zk.close();
    }

    protected abstract void closeMode();
}
