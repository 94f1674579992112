package io.replicalab.experiments.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.api.config.ClusterSpecLoader;
import io.replicalab.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an {@link ExperimentSpec} from YAML: kebab-case keys, unknown keys rejected, one-line errors. */
public final class ExperimentSpecLoader {
    private static final ObjectMapper YAML = ClusterSpecLoader.yamlMapper();

    private ExperimentSpecLoader() {
    }

    public static ExperimentSpec load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("experiment spec " + file + " does not exist: pass an existing YAML file "
                    + "(see examples/experiments/)");
        } catch (IOException e) {
            throw new ConfigException("cannot read experiment spec " + file + ": " + e.getMessage());
        }
    }

    public static ExperimentSpec parse(String yaml, String source) {
        if (yaml.isBlank()) {
            throw new ConfigException(source + " is empty: it needs at least cluster: and workload: (see examples/experiments/)");
        }
        try {
            ExperimentSpec spec = YAML.readValue(yaml, ExperimentSpec.class);
            if (spec == null) {
                throw new ConfigException(source + " is empty: it needs at least cluster: and workload:");
            }
            return spec;
        } catch (JsonProcessingException e) {
            throw ClusterSpecLoader.describe(e, source);
        }
    }

    /** The spec as JSON, for run.json ("the experiment spec as given", with defaults filled in). */
    public static JsonNode toJson(ExperimentSpec spec) {
        return new ObjectMapper().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE)
                .valueToTree(spec);
    }
}
