package io.replicalab.singleleader;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.ClusterService;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.singleleader.election.EmbeddedZooKeeper;
import io.replicalab.singleleader.election.ZooKeeperServiceMain;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The ZooKeeper of {@code zookeeper: embedded} as a cluster service: a harness runs it beside the nodes
 * (in its JVM or as {@link ZooKeeperServiceMain}), on the port and host the embedded server would have
 * had, and the nodes get its address as an external connect string, so no node hosts it and killing the
 * primary is a failover, not an outage.
 */
final class ZooKeeperService implements ClusterService {
    private final ClusterSpec spec;
    private final String host;
    private final int port;

    private ZooKeeperService(ClusterSpec spec, String host, int port) {
        this.spec = spec;
        this.host = host;
        this.port = port;
    }

    /** The service for {@code spec}, or empty when its nodes need none (external ZooKeeper, fixed election). */
    static Optional<ClusterService> of(ClusterSpec spec) {
        SingleLeaderOptions options = SingleLeaderOptions.from(spec);
        if (!options.embeddedZooKeeper() || options.election().equals("fixed")) {
            return Optional.empty();
        }
        return Optional.of(new ZooKeeperService(spec, Elections.embeddedHost(spec), options.zookeeperPort()));
    }

    @Override
    public String name() {
        return ZooKeeperServiceMain.NAME;
    }

    @Override
    public ClusterSpec nodeSpec() {
        ObjectNode section = spec.backendSection(SingleLeaderOptions.SECTION)
                .map(ObjectNode::deepCopy)
                .orElseGet(JsonNodeFactory.instance::objectNode);
        section.put("zookeeper", host + ":" + port);
        return spec.withBackendSection(SingleLeaderOptions.SECTION, section);
    }

    @Override
    public AutoCloseable startInJvm(Path dataDir) {
        return EmbeddedZooKeeper.start(host, port, dataDir);
    }

    @Override
    public List<String> processCommand(Path dataDir) {
        return List.of(ZooKeeperServiceMain.class.getName(), "--host", host, "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--exit-with-parent");
    }

    @Override
    public String toString() {
        return "ZooKeeper service at " + host + ":" + port;
    }
}
