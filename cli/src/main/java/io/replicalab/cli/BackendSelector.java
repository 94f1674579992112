package io.replicalab.cli;

import io.replicalab.api.ReplicationBackend;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ConfigException;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks the backend named by {@code backend:} (or {@code --backend}) from the backends that the
 * Guice modules contributed. The only place a backend name is looked up; nothing else branches on it.
 */
public final class BackendSelector {
    private final Map<String, ReplicationBackend> backends;

    @Inject
    BackendSelector(Map<String, ReplicationBackend> backends) {
        this.backends = new TreeMap<>(backends);
    }

    public ReplicationBackend select(ClusterSpec spec) {
        ReplicationBackend backend = backends.get(spec.backend());
        if (backend == null) {
            throw new ConfigException("unknown backend '" + spec.backend() + "' (from backend: or --backend): valid backends are "
                    + String.join(", ", backends.keySet()));
        }
        return backend;
    }

    public java.util.Set<String> names() {
        return backends.keySet();
    }
}
