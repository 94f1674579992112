package io.replicalab.cli;

import io.replicalab.api.CausalContext;
import io.replicalab.api.Consistency;
import io.replicalab.api.KvClient;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ClusterSpec;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replicalab kv get|put|delete}: one operation against a running cluster. Exit code 0 = ok,
 * 1 = definitely failed, 3 = outcome unknown (see {@link ExitCodes}).
 */
@Command(name = "kv", mixinStandardHelpOptions = true, description = "Read and write keys of a running cluster.",
        subcommands = {KvCommand.Get.class, KvCommand.Put.class, KvCommand.Delete.class})
final class KvCommand {

    /** Options every key-value subcommand shares. */
    static final class RequestOptions {
        @Option(names = "--consistency", paramLabel = "LEVEL",
                description = "one, quorum, all, linearizable, stale (default: the backend's).")
        String consistency;

        @Option(names = "--timeout-ms", paramLabel = "MS", description = "Give up (outcome unknown) after this long.")
        Long timeoutMs;

        Duration timeout() {
            return timeoutMs == null ? null : Duration.ofMillis(timeoutMs);
        }

        Consistency level() {
            return consistency == null ? Consistency.DEFAULT : Consistency.parse(consistency);
        }
    }

    abstract static class KvSubcommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        RequestOptions request;

        private final BackendSelector backends;

        KvSubcommand(BackendSelector backends) {
            this.backends = backends;
        }

        @Override
        public final Integer call() {
            ClusterSpec clusterSpec = cluster.load();
            try (KvClient client = backends.select(clusterSpec).newClient(clusterSpec)) {
                return execute(client, spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract int execute(KvClient client, PrintWriter out, PrintWriter err);
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print the value of KEY (one line per sibling); its causal context goes to stderr.")
    static final class Get extends KvSubcommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Option(names = "--r", paramLabel = "N", description = "Read from exactly N replicas (leaderless).")
        Integer r;

        @Option(names = "--replica", paramLabel = "ID", description = "With --consistency stale: the node to read.")
        String replica;

        @Inject
        Get(BackendSelector backends) {
            super(backends);
        }

        @Override
        int execute(KvClient client, PrintWriter out, PrintWriter err) {
            ReadOptions options = r != null ? ReadOptions.r(r) : new ReadOptions(request.level(), 0, null, replica);
            Versioned<byte[]> result = client.blocking().get(key, options.withTimeout(request.timeout()));
            if (!result.isPresent()) {
                err.println("(absent) context: " + result.context());
                return ExitCodes.OK;
            }
            for (byte[] value : result.values()) {
                out.println(new String(value, StandardCharsets.UTF_8));
            }
            err.println((result.hasSiblings() ? result.values().size() + " siblings, " : "") + "context: " + result.context());
            return ExitCodes.OK;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Write VALUE under KEY.")
    static final class Put extends KvSubcommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Option(names = "--w", paramLabel = "N", description = "Wait for exactly N replica acks (leaderless).")
        Integer w;

        @Option(names = "--context", paramLabel = "CTX",
                description = "Causal context printed by a previous get; supersedes the versions it names.")
        String context;

        @Inject
        Put(BackendSelector backends) {
            super(backends);
        }

        @Override
        int execute(KvClient client, PrintWriter out, PrintWriter err) {
            WriteOptions options = w != null ? WriteOptions.w(w) : WriteOptions.of(request.level());
            CausalContext written = client.blocking().put(key, value.getBytes(StandardCharsets.UTF_8),
                    CausalContext.parse(context), options.withTimeout(request.timeout()));
            err.println("ok context: " + written);
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete KEY.")
    static final class Delete extends KvSubcommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Option(names = "--w", paramLabel = "N", description = "Wait for exactly N replica acks (leaderless).")
        Integer w;

        @Option(names = "--context", paramLabel = "CTX", description = "Causal context printed by a previous get.")
        String context;

        @Inject
        Delete(BackendSelector backends) {
            super(backends);
        }

        @Override
        int execute(KvClient client, PrintWriter out, PrintWriter err) {
            WriteOptions options = w != null ? WriteOptions.w(w) : WriteOptions.of(request.level());
            client.blocking().delete(key, CausalContext.parse(context), options.withTimeout(request.timeout()));
            err.println("ok");
            return ExitCodes.OK;
        }
    }
}
