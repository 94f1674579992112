package io.replicalab.experiments.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.experiments.cluster.Backends;
import io.replicalab.experiments.spec.ExperimentSpec;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import io.replicalab.node.PendingBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same spec (workload, nemesis schedule, seed) against several backends, one after the other, into
 * {@code <compareDir>/<backend>/} run dirs, plus {@code compare.json} listing what ran, what was skipped
 * (a backend that has not landed yet) and what failed. One backend's failure does not stop the others.
 */
public final class Comparison {
    private static final Logger LOG = LoggerFactory.getLogger(Comparison.class);

    /** How one backend's part of the comparison ended: {@code ran}, {@code skipped} or {@code failed}. */
    public record Entry(String backend, String status, Path runDir, String reason, ExperimentRunner.Result result) {
    }

    private Comparison() {
    }

    public static List<Entry> run(ExperimentSpec spec, List<String> backends, Path compareDir, Consumer<String> progress)
            throws IOException {
        backends.forEach(Backends::named); // an unknown name fails before any backend runs
        Files.createDirectories(compareDir);
        List<Entry> entries = new ArrayList<>();
        for (String backend : backends) {
            entries.add(runOne(spec.withBackend(backend), compareDir.resolve(backend), progress));
            writeManifest(spec, entries, compareDir);
        }
        return entries;
    }

    /**
     * Runs one part of a comparison (or of a scenario) into {@code runDir}: {@code skipped} when the backend
     * has not landed, {@code failed} (with the reason, logged) when the run broke; never throws for either.
     */
    public static Entry runOne(ExperimentSpec spec, Path runDir, Consumer<String> progress) {
        String backend = spec.cluster().backend();
        try {
            return new Entry(backend, "ran", runDir, null, ExperimentRunner.run(spec, runDir, progress));
        } catch (PendingBackend.BackendNotReadyException e) {
            progress.accept("[" + backend + "] skipped: " + e.getMessage());
            return new Entry(backend, "skipped", null, e.getMessage(), null);
        } catch (Exception e) {
            LOG.warn("the {} run failed", backend, e);
            progress.accept("[" + backend + "] FAILED: " + e.getMessage());
            return new Entry(backend, "failed", runDir, String.valueOf(e.getMessage()), null);
        }
    }

    private static void writeManifest(ExperimentSpec spec, List<Entry> entries, Path compareDir) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("spec", ExperimentSpecLoader.toJson(spec));
        ArrayNode list = root.putArray("backends");
        for (Entry e : entries) {
            ObjectNode o = list.addObject().put("backend", e.backend()).put("status", e.status());
            if (e.runDir() != null) {
                o.put("runDir", compareDir.relativize(e.runDir()).toString());
            }
            if (e.reason() != null) {
                o.put("reason", e.reason());
            }
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(compareDir.resolve("compare.json").toFile(), root);
    }
}
