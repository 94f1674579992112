package io.replicalab.singleleader.election;

import io.replicalab.api.ClusterService;
import io.replicalab.node.NodeStartException;
import io.replicalab.node.ServedProcess;
import java.nio.file.Path;

/**
 * A ZooKeeper server as its own process, the way a harness runs single-leader's ZooKeeper beside the
 * nodes: {@code ZooKeeperServiceMain --port P --data-dir D [--host H] [--exit-with-parent]}. Runs
 * {@link EmbeddedZooKeeper} (the same server a node hosts for {@code zookeeper: embedded}), prints
 * {@code zookeeper ready: H:P pid=N} and serves until SIGTERM or SIGKILL, or, with
 * {@code --exit-with-parent}, until its stdin closes.
 */
public final class ZooKeeperServiceMain {
    public static final String NAME = "zookeeper";

    private ZooKeeperServiceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        Integer port = null;
        Path dataDir = null;
        boolean exitWithParent = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = value(args, ++i);
                case "--port" -> port = port(value(args, ++i));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                case "--exit-with-parent" -> exitWithParent = true;
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (port == null || dataDir == null) {
            usage("--port and --data-dir are required");
        }
        EmbeddedZooKeeper server;
        try {
            server = EmbeddedZooKeeper.start(host, port, dataDir);
        } catch (NodeStartException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Path dir = dataDir;
        ServedProcess.serve(NAME, server, exitWithParent, () -> {
            System.out.println(readyLine(server, dir));
            System.out.flush();
        });
    }

    /** What a ZooKeeper process prints once it serves: {@code zookeeper ready: H:P data=D pid=N}. */
    public static String readyLine(EmbeddedZooKeeper server, Path dataDir) {
        return String.format("%s %s: %s data=%s pid=%d", NAME, ClusterService.READY, server.connectString(), dataDir,
                ProcessHandle.current().pid());
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage("--port '" + s + "' is not a port: use 1..65535");
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(NAME + ": " + problem + ": usage: ZooKeeperServiceMain --port P --data-dir DIR [--host H] [--exit-with-parent]");
        System.exit(2);
    }
}
