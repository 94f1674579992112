package io.replicalab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import io.replicalab.node.admin.AdminClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replicalab admin}: status and fault injection through a node's admin endpoint. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Read a node's status or inject faults through its admin endpoint.",
            "ACTION is one of: status, block, delay, heal, heal-all, clock."})
final class AdminCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The node to talk to.")
    String id;

    @Parameters(index = "0", paramLabel = "ACTION")
    String action;

    @Option(names = "--from", paramLabel = "ID", description = "Source node of the directed link.")
    String from;

    @Option(names = "--to", paramLabel = "ID", description = "Destination node of the directed link.")
    String to;

    @Option(names = "--delay-ms", paramLabel = "MS", description = "Delay for the delay action.")
    long delayMs;

    @Option(names = "--offset-ms", paramLabel = "MS", description = "Clock offset for the clock action (may be negative).")
    long offsetMs;

    @Override
    public Integer call() throws Exception {
        ClusterSpec clusterSpec = cluster.load();
        NodeSpec node = clusterSpec.requireNode(id);
        String host = clusterSpec.admin().isLoopback() ? clusterSpec.admin().bind() : node.host();
        AdminClient admin = new AdminClient(host, node.adminPort(), clusterSpec.admin().token());
        Object result = switch (action) {
            case "status" -> admin.status();
            case "block" -> {
                admin.blockLink(require(from, "--from"), require(to, "--to"));
                yield admin.linkFaults();
            }
            case "delay" -> {
                admin.delayLink(require(from, "--from"), require(to, "--to"), Duration.ofMillis(delayMs));
                yield admin.linkFaults();
            }
            case "heal" -> {
                admin.healLink(require(from, "--from"), require(to, "--to"));
                yield admin.linkFaults();
            }
            case "heal-all" -> {
                admin.healAllLinks();
                yield admin.linkFaults();
            }
            case "clock" -> {
                admin.setClockOffset(Duration.ofMillis(offsetMs));
                yield java.util.Map.of("clock-offset-ms", admin.clockOffset().toMillis());
            }
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown action '" + action + "': use status, block, delay, heal, heal-all or clock");
        };
        spec.commandLine().getOut().println(JSON.writeValueAsString(result));
        return ExitCodes.OK;
    }

    private String require(String value, String option) {
        if (value == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "action " + action + " needs " + option);
        }
        return value;
    }
}
