package io.replicalab.experiments.cluster;

import io.replicalab.api.ReplicaServer;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ClusterSpecLoader;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.node.ServedProcess;
import java.nio.file.Path;

/**
 * Entry point of one node process of a {@link ProcessCluster}: {@code NodeMain --config FILE --id ID
 * [--exit-with-parent]}. Loads the spec, starts the node of the backend named in it, prints
 * {@code node <id> ready: backend=... pid=...} on stdout and serves until SIGTERM (graceful close) or
 * SIGKILL. With {@code --exit-with-parent} it also stops when its stdin reaches end of file, which
 * happens when the launching JVM dies, so no orphan node outlives a killed test run.
 */
public final class NodeMain {
    /** The token a launcher looks for on stdout. */
    public static final String READY = "ready";

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        String id = null;
        boolean exitWithParent = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--id" -> id = value(args, ++i, "--id");
                case "--exit-with-parent" -> exitWithParent = true;
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (config == null || id == null) {
            usage("--config and --id are required");
        }
        ClusterSpec spec = ClusterSpecLoader.load(config);
        NodeSpec self = spec.requireNode(id);
        ReplicationBackend backend = Backends.named(spec.backend());
        ReplicaServer server = backend.startNode(spec, id);
        ServedProcess.serve("node " + id, server, exitWithParent, () -> {
            System.out.printf("node %s %s: backend=%s rpc=%s admin=%s:%d storage=%s fsync=%s pid=%d%n", self.id(), READY,
                    backend.name(), self.rpcAddress(), spec.admin().bind(), self.adminPort(), spec.storage().nodeDir(self.id()),
                    spec.storage().fsyncPolicy(), ProcessHandle.current().pid());
            System.out.flush();
        });
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("NodeMain: " + problem + ": usage: NodeMain --config FILE --id ID [--exit-with-parent]");
        System.exit(2);
    }
}
