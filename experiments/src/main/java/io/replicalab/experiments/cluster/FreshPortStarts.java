package io.replicalab.experiments.cluster;

import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.NodeSpec;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a cluster on ports picked at run time, again with freshly picked ports when one of them was taken
 * between the pick and the bind. Picking a port checks that it is free and lets go of it; the node binds it a
 * moment later (a node JVM: seconds later), and on a busy machine another process (another cluster picking
 * from the same range) can bind it first: "cannot listen on 127.0.0.1:10086 (admin-port of n3): Address already
 * in use". That is a race of the harness, not a finding, so the whole start is retried (a few times, each one
 * logged) with a new spec: the nodes of one cluster list each other's ports, so one node cannot move alone.
 * A port the caller did not pick (one named in a config) is never retried: its clear error stands.
 */
public final class FreshPortStarts {
    private static final Logger LOG = LoggerFactory.getLogger(FreshPortStarts.class);
    /** Starts in all: a taken port is rare, so a third collision in a row means something else is wrong. */
    public static final int ATTEMPTS = 3;
    private static final Pattern PORT = Pattern.compile(":(\\d{1,5})(?!\\d)");

    private FreshPortStarts() {
    }

    /**
     * Starts {@code first} with {@code start}; when that fails because a port of {@code picked(spec)} was in use,
     * starts {@code fresh.get()} (the same cluster on newly picked ports, with a data dir of its own) instead,
     * at most {@link #ATTEMPTS} starts in all. Any other failure, or the last one, is thrown as it came.
     *
     * @param picked the ports of a spec that were picked at run time (the only ones a retry may change)
     * @param progress told about each retry, as is the log
     */
    public static <C> C start(ClusterSpec first, Supplier<ClusterSpec> fresh, Function<ClusterSpec, Set<Integer>> picked,
                              Function<ClusterSpec, C> start, Consumer<String> progress) {
        ClusterSpec spec = first;
        for (int attempt = 1; ; attempt++) {
            try {
                return start.apply(spec);
            } catch (RuntimeException e) {
                Optional<Integer> port = pickedPortInUse(e, picked.apply(spec));
                if (port.isEmpty() || attempt == ATTEMPTS) {
                    throw e;
                }
                String line = "port " + port.get() + " was taken between its pick and the bind (start " + attempt + " of "
                        + ATTEMPTS + "): starting the cluster again on freshly picked ports";
                LOG.warn("{}: {}", line, e.getMessage().lines().findFirst().orElse(""));
                progress.accept(line);
                spec = fresh.get();
            }
        }
    }

    /** Every node's RPC and admin port. */
    public static Set<Integer> nodePorts(ClusterSpec spec) {
        Set<Integer> ports = new HashSet<>();
        for (NodeSpec n : spec.nodes()) {
            ports.add(n.port());
            ports.add(n.adminPort());
        }
        return ports;
    }

    /**
     * The port of {@code picked} that {@code failure} (or a cause of it) says was in use: a message saying
     * "address already in use" that names {@code host:port}. A process node's failure carries its stderr tail,
     * where the node's own error names both.
     */
    static Optional<Integer> pickedPortInUse(Throwable failure, Set<Integer> picked) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 100_000; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t).append('\n');
        }
        if (!text.toString().toLowerCase(Locale.ROOT).contains("address already in use")) {
            return Optional.empty();
        }
        Matcher m = PORT.matcher(text);
        while (m.find()) {
            int port = Integer.parseInt(m.group(1));
            if (picked.contains(port)) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }
}
