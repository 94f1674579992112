package io.replicalab.experiments.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replicalab.api.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one {@code scenario run} found: per variant the key figures, each expectation with its measured
 * value, and the verdicts. Written as {@code scenario-result.json} at the top of the scenario's directory;
 * {@code scenario docs} reads only these files.
 *
 * @param command the command line that reproduces the run
 * @param verdict {@code confirmed} (every variant as predicted), {@code refuted} (no variant as predicted),
 *                {@code qualified} (some are, some are not), {@code incomplete} (a variant's run broke, so
 *                the claim was not tested on it) or {@code not run}
 */
public record ScenarioResult(String scenario, String title, SeedClaim seed, String claim, String cluster, String command,
                             long startedAtMillis, long elapsedMs, List<VariantResult> variants, String verdict,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> seeds) {
    public static final String FILE = "scenario-result.json";
    /** The verdict of a scenario (or variant) whose runs did not all happen: the claim was not fully tested. */
    public static final String INCOMPLETE = "incomplete";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ScenarioResult {
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }

    /** The result of a single-seed run (the spec's seed). */
    public ScenarioResult(String scenario, String title, SeedClaim seed, String claim, String cluster, String command,
                          long startedAtMillis, long elapsedMs, List<VariantResult> variants, String verdict) {
        this(scenario, title, seed, claim, cluster, command, startedAtMillis, elapsedMs, variants, verdict, List.of());
    }

    /**
     * One expectation as judged: what the seed predicts, what was measured. Over several seeds (runs with
     * different seeds), {@code measured} is the range of the values, {@code status} is met only when every
     * seed met it, and {@code seedsMet} of {@code seedsRun} says how many did.
     */
    public record Judged(String check, String is, String why, String measured, String status,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer seedsMet,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer seedsRun) {
        static Judged of(Expectation.Outcome o) {
            Expectation e = o.expectation();
            return new Judged(e.check(), e.is(), e.why(), o.measured(), o.status().word(), null, null);
        }

        /** {@code 0 (met)}, or over seeds {@code 0..3 (not met: 4 of 5 seeds)}. */
        public String describe() {
            return measured + " (" + status + (seedsRun == null ? "" : ": " + seedsMet + " of " + seedsRun + " seeds") + ")";
        }
    }

    /** One seed's run of a variant: its key figures and judged expectations. */
    public record SeedResult(long seed, String status, String reason, String runDir, Map<String, String> numbers,
                             List<Judged> expectations, String verdict) {
    }

    /**
     * One variant's part.
     *
     * @param status {@code ran}, {@code skipped} (backend not landed) or {@code failed} (the run broke: {@code reason})
     * @param settings the spec settings this variant changes (JSON of its {@code set:})
     * @param numbers the scenario's key figures as measured here
     * @param verdict {@code confirmed}, {@code refuted}, {@code unmeasured}, {@code incomplete} (some seeds' runs
     *                broke, the others confirm it) or {@code not run}
     * @param seeds each seed's run when the variant ran with several seeds (numbers and expectations then
     *              summarize them); empty for a single-seed run
     */
    public record VariantResult(String name, String backend, String role, String description, String settings, String status,
                                String reason, String runDir, Map<String, String> numbers, List<Judged> expectations,
                                String verdict, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SeedResult> seeds) {
        public VariantResult {
            seeds = seeds == null ? List.of() : List.copyOf(seeds);
        }

        public VariantResult(String name, String backend, String role, String description, String settings, String status,
                             String reason, String runDir, Map<String, String> numbers, List<Judged> expectations,
                             String verdict) {
            this(name, backend, role, description, settings, status, reason, runDir, numbers, expectations, verdict, List.of());
        }

        /** True when the variant's run broke, or the run of one of its seeds did. */
        public boolean broke() {
            return status.equals("failed") || seeds.stream().anyMatch(s -> s.status().equals("failed"));
        }
    }

    /** The verdict of a variant from its judged expectations. */
    static String variantVerdict(List<Judged> judged) {
        if (judged.stream().anyMatch(j -> j.status().equals(Expectation.Status.NOT_MET.word()))) {
            return "refuted";
        }
        if (judged.stream().anyMatch(j -> j.status().equals(Expectation.Status.UNMEASURED.word()))) {
            return "unmeasured";
        }
        return "confirmed";
    }

    /**
     * The scenario's verdict from its variants' verdicts: {@code incomplete} when a variant's run (or one of its
     * seeds' runs) broke, since the claim was then not tested on every variant it names; otherwise variants
     * that did not run (backend skipped) do not count.
     */
    static String scenarioVerdict(List<VariantResult> variants) {
        if (variants.stream().anyMatch(VariantResult::broke)) {
            return INCOMPLETE;
        }
        List<String> ran = variants.stream().map(VariantResult::verdict).filter(v -> !v.equals("not run")).toList();
        if (ran.isEmpty()) {
            return "not run";
        }
        if (ran.stream().allMatch("confirmed"::equals)) {
            return "confirmed";
        }
        if (ran.stream().noneMatch("confirmed"::equals)) {
            return "refuted";
        }
        return "qualified";
    }

    public void write(Path dir) {
        try {
            JSON.writeValue(dir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    public static ScenarioResult read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ScenarioResult.class);
        } catch (IOException e) {
            throw new ConfigException(file + " is not a " + FILE + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Reads {@code path} itself when it is a result file, else every result file found below it. */
    public static List<ScenarioResult> readAll(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(read(path));
        }
        if (!Files.isDirectory(path)) {
            throw new ConfigException(path + " does not exist: pass a scenario run directory (or a directory holding some)");
        }
        try (var files = Files.walk(path, 4)) {
            return files.filter(p -> p.getFileName().toString().equals(FILE)).sorted().map(ScenarioResult::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }
}
