package io.replicalab.api.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads a backend's own section of the cluster config ({@code leaderless:}, {@code raft:}, ...) into
 * the backend's settings record, with the same one-line errors as the rest of the config: an unknown
 * key names the valid ones, a range check of the record's constructor is passed through as is.
 */
public final class BackendSettings {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BackendSettings() {
    }

    /**
     * @param section the section's name, used in messages ({@code raft})
     * @param node the section, or {@code null} when the config has none
     * @param type a record whose components are the settings (camelCase here, kebab-case in YAML)
     */
    public static <T extends Record> T parse(String section, ObjectNode node, Class<T> type, Supplier<T> defaults) {
        if (node == null) {
            return defaults.get();
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(section + "." + e.getPropertyName() + " is not a setting: valid settings are "
                    + validNames(type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable c = e;
            while (c != null && !(c instanceof ConfigException)) {
                c = c.getCause();
            }
            if (c instanceof ConfigException ce) {
                throw ce; // a range check of the record's constructor, already worded for the user
            }
            throw new ConfigException(section + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()));
        }
    }

    static String validNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
