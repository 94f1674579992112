package io.replicalab.experiments.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.experiments.checker.RunLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The column names of a side-by-side report: each run's backend, and where several runs share a backend
 * (variants of one backend in a scenario: single-leader async vs sync, R/W pairs) the backend with the run
 * directory's name, so no two columns read the same. Read from run.json alone, so a run that cannot be
 * checked still gets its name.
 */
final class RunLabels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunLabels() {
    }

    static Map<Path, String> of(List<Path> runDirs) {
        Map<Path, String> backends = new LinkedHashMap<>();
        runDirs.forEach(d -> backends.put(d, backend(d)));
        Map<Path, String> labels = new LinkedHashMap<>();
        for (Path d : runDirs) {
            String backend = backends.get(d);
            long sharing = backends.values().stream().filter(backend::equals).count();
            String name = name(d);
            labels.put(d, sharing > 1 && !name.equals(backend) ? backend + " (" + name + ")" : sharing > 1 ? name + " (" + d + ")" : backend);
        }
        return labels;
    }

    private static String name(Path dir) {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    /** The backend run.json names, or the directory's name when there is no readable run.json. */
    private static String backend(Path dir) {
        Path runJson = dir.resolve(RunLoader.RUN_JSON);
        try {
            String backend = Files.isRegularFile(runJson) ? JSON.readTree(runJson.toFile()).path("backend").asText("") : "";
            return backend.isEmpty() ? name(dir) : backend;
        } catch (IOException e) {
            return name(dir);
        }
    }
}
