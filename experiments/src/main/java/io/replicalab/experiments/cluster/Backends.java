package io.replicalab.experiments.cluster;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ConfigException;
import io.replicalab.leaderless.LeaderlessBackendModule;
import io.replicalab.raft.RaftBackendModule;
import io.replicalab.singleleader.SingleLeaderBackendModule;
import java.util.Map;
import java.util.TreeMap;

/**
 * The backends on this classpath, by name, from the same Guice modules the CLI installs. Experiments
 * and node processes started by {@link ProcessCluster} look a backend up here and never branch on its name.
 */
public final class Backends {
    private static final Map<String, ReplicationBackend> ALL = load();

    private Backends() {
    }

    private static Map<String, ReplicationBackend> load() {
        Map<String, ReplicationBackend> byName = Guice.createInjector(new LeaderlessBackendModule(), new RaftBackendModule(),
                new SingleLeaderBackendModule()).getInstance(Key.get(new TypeLiteral<Map<String, ReplicationBackend>>() { }));
        return Map.copyOf(new TreeMap<>(byName));
    }

    public static boolean isBackendName(String name) {
        return ALL.containsKey(name);
    }

    /** The backend named {@code name}, or a {@link ConfigException} listing the valid names. */
    public static ReplicationBackend named(String name) {
        ReplicationBackend backend = ALL.get(name);
        if (backend == null) {
            throw new ConfigException("unknown backend '" + name + "': valid backends are "
                    + String.join(", ", new TreeMap<>(ALL).keySet()));
        }
        return backend;
    }
}
