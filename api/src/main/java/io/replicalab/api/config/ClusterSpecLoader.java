package io.replicalab.api.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a {@link ClusterSpec} from YAML and validates it. Every problem surfaces as one
 * {@link ConfigException} line naming the file, the field and the fix.
 */
public final class ClusterSpecLoader {

    private ClusterSpecLoader() {
    }

    /** A YAML mapper with the conventions of every ReplicaLab file: kebab-case keys, unknown keys rejected. */
    public static ObjectMapper yamlMapper() {
        return new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    }

    public static ClusterSpec load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist: pass an existing file with --config");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return ClusterSpecValidator.validate(parse(yaml, file.toString(), base));
    }

    /** Parses and validates YAML text; relative storage dirs resolve against {@code baseDir}. */
    public static ClusterSpec parse(String yaml, Path baseDir) {
        return ClusterSpecValidator.validate(parse(yaml, "<config>", baseDir));
    }

    private static ClusterSpec parse(String yaml, String source, Path baseDir) {
        if (yaml.isBlank()) {
            throw new ConfigException(source + " is empty: it needs at least backend: and nodes:");
        }
        ClusterSpec spec;
        try {
            spec = yamlMapper().readValue(yaml, ClusterSpec.class);
        } catch (JsonProcessingException e) {
            throw describe(e, source);
        }
        if (spec == null) {
            throw new ConfigException(source + " is empty: it needs at least backend: and nodes:");
        }
        StorageSpec storage = spec.storage();
        Path dir = storage.dir() == null ? Path.of("data") : storage.dir();
        if (!dir.isAbsolute() && baseDir != null) {
            dir = baseDir.resolve(dir).normalize();
        }
        return spec.withStorage(storage.withDir(dir));
    }

    /** Turns a Jackson error into one line with the YAML path, the position and the fix. */
    public static ConfigException describe(JsonProcessingException e, String source) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? source : source + " line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        com.fasterxml.jackson.core.exc.StreamReadException syntax = syntaxError(e);
        if (syntax != null) {
            JsonLocation at = syntax.getLocation();
            String pos = at == null ? source : source + " line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new ConfigException("malformed YAML in " + pos + ": " + firstLine(syntax.getOriginalMessage())
                    + ": fix the syntax (indentation, ':' after keys, '-' before list items, closed brackets)", e);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return new ConfigException(where + ": unknown key '" + u.getPropertyName() + "' at " + path(u)
                    + ": remove it or use one of " + known, e);
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(where + ": " + path(f) + " has value '" + f.getValue() + "' but needs a "
                    + f.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT), e);
        }
        if (e instanceof MismatchedInputException m) {
            return new ConfigException(where + ": " + path(m) + " has the wrong shape: " + firstLine(m.getOriginalMessage()), e);
        }
        if (e instanceof JsonMappingException m) {
            Throwable cause = m.getCause();
            if (cause instanceof ConfigException ce) {
                return new ConfigException(where + ": " + ce.getMessage(), e);
            }
            return new ConfigException(where + ": " + path(m) + ": " + firstLine(m.getOriginalMessage()), e);
        }
        return new ConfigException(where + ": " + firstLine(e.getOriginalMessage()), e);
    }

    /** A YAML syntax error, even when Jackson wrapped it in a mapping error. */
    private static com.fasterxml.jackson.core.exc.StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.exc.StreamReadException s && !(t instanceof MismatchedInputException)) {
                return s;
            }
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "the top level" : sb.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
