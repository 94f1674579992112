package io.replicalab.experiments.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.replicalab.api.config.ClusterSpecLoader;
import io.replicalab.api.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios shipped with ReplicaLab: {@code scenarios/<name>.yaml} resources, in the order of
 * {@code scenarios/catalogue.txt} (a resource directory cannot be listed inside a jar, so the order file
 * is also the index).
 */
public final class ScenarioCatalogue {
    private static final String DIR = "scenarios/";
    private final List<Scenario> scenarios;

    /** A catalogue of the given scenarios (the real one is {@link #load}). */
    ScenarioCatalogue(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    /** Loads every scenario of the catalogue; a malformed one fails with a line naming it. */
    public static ScenarioCatalogue load() {
        List<Scenario> all = new ArrayList<>();
        for (String line : resource(DIR + "catalogue.txt").lines().toList()) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                all.add(parse(resource(DIR + name + ".yaml"), DIR + name + ".yaml"));
            }
        }
        return new ScenarioCatalogue(all);
    }

    public static Scenario parse(String yaml, String source) {
        try {
            Scenario s = ClusterSpecLoader.yamlMapper().readValue(yaml, Scenario.class);
            if (s == null) {
                throw new ConfigException(source + " is empty");
            }
            return s;
        } catch (JsonProcessingException e) {
            throw ClusterSpecLoader.describe(e, source);
        }
    }

    public List<Scenario> all() {
        return scenarios;
    }

    public List<String> names() {
        return scenarios.stream().map(Scenario::name).toList();
    }

    /** The scenario called {@code name}, or a one-line error listing the valid names. */
    public Scenario get(String name) {
        return scenarios.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new ConfigException("unknown scenario '" + name + "': use one of " + String.join(", ", names())
                        + " (replicalab scenario list)"));
    }

    private static String resource(String path) {
        try (InputStream in = ScenarioCatalogue.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }
}
