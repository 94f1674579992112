package io.replicalab.experiments.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.config.ConfigException;
import java.util.List;

/**
 * One configuration a scenario runs: a backend, the spec settings that differ from the scenario's
 * base spec ({@code set:} is merged key by key into it, e.g. {@code {cluster: {single-leader: {mode: sync}}}}),
 * and what the seed claim predicts for it.
 *
 * @param name short and unique in the scenario; names the run directory (e.g. {@code single-leader-async-any})
 * @param role {@code weak} (the claim predicts a bad outcome), {@code strong} (predicts none) or
 *             {@code measure} (numbers reported, expectations loose)
 * @param clusters the cluster kinds the variant runs on ({@code local}, {@code process}); all when absent. A
 *                 variant needing what only processes have (a {@code pause} is a SIGSTOP) lists {@code process}.
 */
public record Variant(String name, String backend, String role, String description, ObjectNode set, List<Expectation> expect,
                      List<String> clusters) {
    public static final List<String> CLUSTER_KINDS = List.of("local", "process");

    public Variant {
        if (name == null || !name.matches("[a-z0-9][a-z0-9.=_-]*")) {
            throw new ConfigException("variants.name: '" + name + "' must be lower-case letters, digits, '.', '=', '_' or '-'");
        }
        if (backend == null || backend.isBlank()) {
            throw new ConfigException("variants." + name + ".backend: missing: name the backend (leaderless, raft, single-leader)");
        }
        role = role == null ? "measure" : role;
        if (!List.of("weak", "strong", "measure").contains(role)) {
            throw new ConfigException("variants." + name + ".role: '" + role + "' is unknown: use weak, strong or measure");
        }
        description = description == null ? "" : description.strip();
        expect = expect == null ? List.of() : List.copyOf(expect);
        clusters = clusters == null || clusters.isEmpty() ? CLUSTER_KINDS : List.copyOf(clusters);
        for (String kind : clusters) {
            if (!CLUSTER_KINDS.contains(kind)) {
                throw new ConfigException("variants." + name + ".clusters: '" + kind + "' is unknown: use local, process or both");
            }
        }
    }

    public boolean runsOn(String clusterKind) {
        return clusters.contains(clusterKind);
    }
}
