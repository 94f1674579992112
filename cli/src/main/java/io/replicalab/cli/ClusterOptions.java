package io.replicalab.cli;

import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ClusterSpecLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --backend}, shared by every command that talks to a cluster. */
public final class ClusterOptions {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "Cluster config (YAML), e.g. examples/leaderless-3.yaml.")
    Path config;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Override backend: from the config (leaderless, raft, single-leader).")
    String backend;

    public ClusterSpec load() {
        ClusterSpec spec = ClusterSpecLoader.load(config);
        return backend == null ? spec : spec.withBackend(backend);
    }
}
