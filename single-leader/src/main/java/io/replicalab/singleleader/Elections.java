package io.replicalab.singleleader;

import io.replicalab.api.LinkFault;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ConfigException;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.singleleader.election.Election;
import io.replicalab.singleleader.election.EmbeddedZooKeeper;
import io.replicalab.singleleader.election.FixedElection;
import io.replicalab.singleleader.election.LatchElection;
import io.replicalab.singleleader.election.TtlLockElection;
import io.replicalab.singleleader.election.ZooKeeperLink;
import io.replicalab.singleleader.election.ZooKeeperProxy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the election a node's options ask for. With {@code zookeeper: embedded} the first node of the
 * config hosts the ZooKeeper server in its process (a node started alone, {@code replicalab node}); the
 * harness's clusters instead run it as a service ({@link ZooKeeperService}) and give the nodes its address.
 */
final class Elections {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Elections.class);

    private Elections() {
    }

    static Election create(ClusterSpec spec, String nodeId, SingleLeaderOptions options, SingleLeaderNode node) {
        if (options.election().equals("fixed")) {
            return new FixedElection(nodeId, spec.nodeIds());
        }
        String connect = options.zookeeper();
        EmbeddedZooKeeper server = null;
        if (options.embeddedZooKeeper()) {
            NodeSpec host = spec.nodes().get(0);
            connect = embeddedHost(spec) + ":" + options.zookeeperPort();
            if (host.id().equals(nodeId)) {
                server = EmbeddedZooKeeper.start(embeddedHost(spec), options.zookeeperPort(),
                        spec.storage().nodeDir(nodeId).resolve("zookeeper"));
            }
        }
        // Every node reaches ZooKeeper through its own proxy, so a fault can cut just that link.
        ZooKeeperProxy.Ensemble proxy;
        try {
            proxy = ZooKeeperProxy.inFrontOf(connect, () -> cutFromZooKeeper(node), "zk-proxy-" + nodeId);
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            throw new ConfigException(SingleLeaderOptions.SECTION + ".zookeeper: '" + connect
                    + "' is not a usable connect string (" + e + "): use host:port[,host:port...]");
        }
        List<AutoCloseable> owned = new ArrayList<>();
        owned.add(proxy);
        if (server != null) {
            owned.add(server);
        }
        ZooKeeperLink zk = new ZooKeeperLink(proxy.connectString(), spec.name(), options.sessionTimeoutMs(),
                options.connectionTimeoutMs(), options.connectionPolicy().equals("suspended"), owned);
        if (!zk.awaitConnected(options.connectionTimeoutMs())) {
            // Not fatal and not a hang: Curator keeps reconnecting; the node serves as a replica meanwhile.
            LOG.warn("{}: cannot reach ZooKeeper at {} within {} ms: retrying in the background with back-off; "
                    + "this node cannot be promoted until it connects (check single-leader.zookeeper)", nodeId, connect,
                    options.connectionTimeoutMs());
        }
        LatchElection.Promotion promotion = new LatchElection.Promotion(options.mostUpToDate(), options.settleMs(),
                Math.max(20, options.heartbeatMs()));
        return switch (options.election()) {
            case "ttl-lock" -> new TtlLockElection(zk, nodeId, node::position, promotion, node.runtime().clock(), options.ttlMs());
            default -> new LatchElection(zk, nodeId, node::position, promotion);
        };
    }

    /** Where {@code zookeeper: embedded} listens: on the first node's host (its process when a node hosts it). */
    static String embeddedHost(ClusterSpec spec) {
        return spec.nodes().get(0).host();
    }

    /** The name of ZooKeeper as a link end: {@code block n1 -> zookeeper} cuts n1 from ZooKeeper. */
    static final String ZOOKEEPER = "zookeeper";

    private static boolean cutFromZooKeeper(SingleLeaderNode node) {
        String self = node.nodeId();
        for (LinkFault f : node.faults().linkFaults()) {
            if (f.kind() == LinkFault.Kind.BLOCK && ((f.from().equals(self) && f.to().equals(ZOOKEEPER))
                    || (f.from().equals(ZOOKEEPER) && f.to().equals(self)))) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort while failing
            }
        }
    }
}
