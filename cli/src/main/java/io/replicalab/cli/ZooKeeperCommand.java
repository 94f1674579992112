package io.replicalab.cli;

import io.replicalab.node.NodeStartException;
import io.replicalab.node.ServedProcess;
import io.replicalab.singleleader.election.EmbeddedZooKeeper;
import io.replicalab.singleleader.election.ZooKeeperServiceMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code replicalab zookeeper}: a ZooKeeper server for single-leader nodes started by hand, so that no node
 * hosts it ({@code zookeeper: embedded} puts it in the first node's process): point the nodes at it with
 * {@code single-leader.zookeeper: HOST:PORT}. The same server the harness runs beside its clusters.
 */
@Command(name = "zookeeper", mixinStandardHelpOptions = true,
        description = {"Run a standalone ZooKeeper server in this process until stopped (SIGTERM or Ctrl-C), for",
            "single-leader nodes configured with single-leader.zookeeper: HOST:PORT."})
final class ZooKeeperCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Client port.")
    int port;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Snapshots and transaction log.")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is not a port: use 1..65535");
        }
        EmbeddedZooKeeper server;
        try {
            server = EmbeddedZooKeeper.start(host, port, dataDir);
        } catch (NodeStartException e) {
            throw new NodeStartException("cannot start ZooKeeper on " + host + ":" + port + " (" + e.getCause()
                    + "): pick a free --port and a writable --data-dir", e.getCause());
        }
        ServedProcess.serve(ZooKeeperServiceMain.NAME, server, false, () -> {
            spec.commandLine().getOut().println(ZooKeeperServiceMain.readyLine(server, dataDir));
            spec.commandLine().getOut().flush();
        });
        return ExitCodes.OK;
    }
}
