package io.replicalab.singleleader.election;

import io.replicalab.singleleader.core.LogPosition;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's ZooKeeper session (Curator) and the znodes the backend keeps under
 * {@code /replicalab/<cluster>}: {@code epoch} (a counter bumped by every promotion), {@code primary}
 * (ephemeral: who leads in which epoch), {@code positions/<node>} (ephemeral: each node's log end, for
 * the most-up-to-date policy), {@code leader} (the latch) and {@code ttl-lock}.
 *
 * <p>An unreachable ZooKeeper does not block the node: Curator retries with exponential back-off in
 * the background, the node stays a replica meanwhile and says so in its log and status.
 */
public final class ZooKeeperLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLink.class);

    /** What this node knows of the cluster's current primary. */
    public record PrimaryRecord(String node, long epoch) {
    }

    private final CuratorFramework client;
    private final String base;
    private final String connectString;
    private final List<AutoCloseable> owned;

    /**
     * @param owned what this link owns and closes after the session, in order (the node's ZooKeeper
     *              proxy, an embedded server)
     */
    public ZooKeeperLink(String connectString, String cluster, int sessionTimeoutMs, int connectionTimeoutMs,
                         boolean leadershipEndsOnSuspend, List<AutoCloseable> owned) {
        this.connectString = connectString;
        this.owned = List.copyOf(owned);
        this.base = "/replicalab/" + cluster;
        this.client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(sessionTimeoutMs)
                .connectionTimeoutMs(connectionTimeoutMs)
                .retryPolicy(new ExponentialBackoffRetry(100, 29, 5000))
                .connectionStateErrorPolicy(leadershipEndsOnSuspend ? new StandardConnectionStateErrorPolicy()
                        : new SessionConnectionStateErrorPolicy())
                .build();
        client.getConnectionStateListenable().addListener((c, state) ->
                LOG.info("zookeeper {} connection: {}", connectString, state));
        client.start();
    }

    public CuratorFramework client() {
        return client;
    }

    public String path(String name) {
        return base + "/" + name;
    }

    public String connectString() {
        return connectString;
    }

    public boolean connected() {
        return client.getZookeeperClient().isConnected();
    }

    /** Bumps the cluster's epoch counter (compare-and-set) and returns the new epoch. */
    public long nextEpoch() throws Exception {
        String p = path("epoch");
        while (true) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(p);
            } catch (KeeperException.NoNodeException e) {
                try {
                    client.create().creatingParentsIfNeeded().forPath(p, bytes("1"));
                    return 1;
                } catch (KeeperException.NodeExistsException raced) {
                    continue;
                }
            }
            long next = Long.parseLong(text(data)) + 1;
            try {
                client.setData().withVersion(stat.getVersion()).forPath(p, bytes(Long.toString(next)));
                return next;
            } catch (KeeperException.BadVersionException raced) {
                // another candidate bumped it first: read again
            }
        }
    }

    /** Publishes this node as primary of {@code epoch} (ephemeral: it vanishes with the session). */
    public void announcePrimary(String node, long epoch) throws Exception {
        // Delete first: the record of a previous primary belongs to its session and would vanish with it.
        try {
            client.delete().forPath(path("primary"));
        } catch (KeeperException.NoNodeException e) {
            // none yet
        }
        putEphemeral(path("primary"), node + " " + epoch);
    }

    public PrimaryRecord primary() throws Exception {
        try {
            String[] parts = text(client.getData().forPath(path("primary"))).split(" ");
            return new PrimaryRecord(parts[0], Long.parseLong(parts[1]));
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    public void publishPosition(String node, LogPosition position) throws Exception {
        putEphemeral(path("positions/" + node), position.epoch() + " " + position.index());
    }

    /** The positions live nodes published (their sessions are alive), by node. */
    public Map<String, LogPosition> positions() throws Exception {
        Map<String, LogPosition> out = new HashMap<>();
        List<String> children;
        try {
            children = client.getChildren().forPath(path("positions"));
        } catch (KeeperException.NoNodeException e) {
            return out;
        }
        for (String child : children) {
            try {
                String[] parts = text(client.getData().forPath(path("positions/" + child))).split(" ");
                out.put(child, new LogPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
            } catch (KeeperException.NoNodeException gone) {
                // its session ended meanwhile
            }
        }
        return out;
    }

    private void putEphemeral(String p, String value) throws Exception {
        try {
            client.setData().forPath(p, bytes(value));
        } catch (KeeperException.NoNodeException e) {
            try {
                client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(p, bytes(value));
            } catch (KeeperException.NodeExistsException raced) {
                client.setData().forPath(p, bytes(value));
            }
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", c, e);
            }
        }
    }
}
