package io.replicalab.cli;

import io.replicalab.api.ReplicaServer;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replicalab node}: one replica process, serving until SIGTERM / Ctrl-C. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Start one node of the cluster in this process and serve until stopped (SIGTERM or Ctrl-C).")
final class NodeCommand implements Callable<Integer> {
    /** Printed once the node serves; process clusters wait for it. */
    static final String READY = "ready";

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Which node of the config to run.")
    String id;

    private final BackendSelector backends;

    @Inject
    NodeCommand(BackendSelector backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() throws Exception {
        ClusterSpec clusterSpec = cluster.load();
        NodeSpec self = clusterSpec.requireNode(id);
        ReplicationBackend backend = backends.select(clusterSpec);
        ReplicaServer server = backend.startNode(clusterSpec, id);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown-" + id));
        spec.commandLine().getOut().printf("node %s %s: backend=%s rpc=%s admin=%s:%d storage=%s fsync=%s pid=%d%n",
                id, READY, backend.name(), self.rpcAddress(), clusterSpec.admin().bind(), self.adminPort(),
                clusterSpec.storage().nodeDir(id), clusterSpec.storage().fsyncPolicy(), ProcessHandle.current().pid());
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
