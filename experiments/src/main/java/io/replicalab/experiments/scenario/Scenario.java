package io.replicalab.experiments.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.api.config.ClusterSpecLoader;
import io.replicalab.api.config.ConfigException;
import io.replicalab.experiments.spec.ExperimentSpec;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One claim of a seed document turned into an experiment: the quoted claim, a base experiment spec, the
 * variants (backend + settings) it runs, and per variant the expected outcome as checks on results.json.
 * A scenario the harness cannot express yet has no variants and says in {@code missing} what it lacks.
 *
 * @param numbers results.json paths printed for every variant (the scenario's key figures)
 */
public record Scenario(String name, String title, SeedClaim seed, String claim, List<String> numbers, ObjectNode spec,
                       List<Variant> variants, String missing) {
    public Scenario {
        if (name == null || !name.matches("[a-z0-9-]+")) {
            throw new ConfigException("scenario name: '" + name + "' must be lower-case letters, digits and '-'");
        }
        title = title == null ? name : title.strip();
        claim = claim == null ? "" : claim.strip();
        numbers = numbers == null ? List.of() : List.copyOf(numbers);
        variants = variants == null ? List.of() : List.copyOf(variants);
        missing = missing == null || missing.isBlank() ? null : missing.strip();
        if (missing == null && (spec == null || variants.isEmpty())) {
            throw new ConfigException("scenario " + name + ": needs spec and variants, or missing: saying what the harness lacks");
        }
        Set<String> seen = new HashSet<>();
        for (Variant v : variants) {
            if (!seen.add(v.name())) {
                throw new ConfigException("scenario " + name + ": variant '" + v.name() + "' appears twice: rename one");
            }
        }
    }

    public boolean runnable() {
        return missing == null;
    }

    public Variant variant(String variantName) {
        return variants.stream().filter(v -> v.name().equals(variantName)).findFirst().orElseThrow(() ->
                new ConfigException("scenario " + name + " has no variant '" + variantName + "'"));
    }

    /** The cluster kind a run of this scenario uses: {@code clusterKind}, else what its spec says (default local). */
    public String clusterKind(String clusterKind) {
        if (clusterKind != null) {
            return clusterKind;
        }
        JsonNode kind = spec == null ? null : spec.path("cluster").get("kind");
        return kind == null || kind.isNull() ? "local" : kind.asText();
    }

    /**
     * The experiment spec of one variant: the base spec with the variant's settings merged in, its backend,
     * and {@code clusterKind} ({@code local} / {@code process}) when not null. Validated like any spec file.
     */
    public ExperimentSpec specFor(Variant v, String clusterKind) {
        ObjectNode tree = spec.deepCopy();
        if (v.set() != null) {
            merge(tree, v.set());
        }
        tree.put("name", name + "-" + v.name());
        ObjectNode cluster = tree.with("cluster");
        cluster.put("backend", v.backend());
        if (clusterKind != null) {
            cluster.put("kind", clusterKind);
        }
        try {
            String yaml = ClusterSpecLoader.yamlMapper().writeValueAsString(tree);
            return ExperimentSpecLoader.parse(yaml, "scenario " + name + " variant " + v.name());
        } catch (JsonProcessingException e) {
            throw new ConfigException("scenario " + name + " variant " + v.name() + ": " + e.getOriginalMessage());
        }
    }

    /** Objects merge key by key; anything else in {@code overrides} replaces what was there. */
    static void merge(ObjectNode base, JsonNode overrides) {
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode current = base.get(f.getKey());
            if (current instanceof ObjectNode obj && f.getValue().isObject()) {
                merge(obj, f.getValue());
            } else {
                base.set(f.getKey(), f.getValue().deepCopy());
            }
        }
    }
}
