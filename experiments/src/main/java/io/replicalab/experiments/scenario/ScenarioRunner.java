package io.replicalab.experiments.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.api.config.ConfigException;
import io.replicalab.experiments.checker.Checkers;
import io.replicalab.experiments.cluster.Backends;
import io.replicalab.experiments.runner.Comparison;
import io.replicalab.experiments.runner.RunHooks;
import io.replicalab.experiments.spec.ExperimentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a scenario: each selected variant through the experiment runner into {@code <dir>/<variant>/},
 * the checkers and the side-by-side report over all of them ({@link RunHooks#checkComparison}), then
 * every variant's expectations against its results.json, into {@code scenario-result.json}.
 */
public final class ScenarioRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScenarioRunner() {
    }

    /**
     * The variants {@code selector} picks: {@code all}, a backend name (its variants) or one variant's name.
     *
     * @throws ConfigException one line naming the valid choices
     */
    public static List<Variant> select(Scenario scenario, String selector) {
        if (!scenario.runnable()) {
            throw new ConfigException("scenario " + scenario.name() + " cannot run yet: " + scenario.missing());
        }
        if (selector == null || selector.equals("all")) {
            return scenario.variants();
        }
        List<Variant> picked = scenario.variants().stream()
                .filter(v -> v.backend().equals(selector) || v.name().equals(selector)).toList();
        if (picked.isEmpty()) {
            Backends.named(selector); // an unknown backend name gets the backends' own one-line error
            throw new ConfigException("scenario " + scenario.name() + " has no variant on backend '" + selector + "': use all, "
                    + String.join(", ", scenario.variants().stream().map(Variant::backend).distinct().toList())
                    + " or a variant name (" + String.join(", ", scenario.variants().stream().map(Variant::name).toList()) + ")");
        }
        return picked;
    }

    /**
     * Runs {@code variants} of {@code scenario} into {@code dir} and judges them.
     *
     * @param clusterKind {@code local}, {@code process}, or null for what the scenario's spec says
     * @param command the command line to print as the way to reproduce this
     */
    public static ScenarioResult run(Scenario scenario, List<Variant> variants, String clusterKind, Path dir, String command,
                                     Consumer<String> progress) throws IOException {
        List<ExperimentSpec> specs = variants.stream().map(v -> scenario.specFor(v, clusterKind)).toList(); // validate all first
        Files.createDirectories(dir);
        long started = System.currentTimeMillis();
        List<Comparison.Entry> entries = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            progress.accept("== " + scenario.name() + " / " + variants.get(i).name() + " (" + (i + 1) + " of " + variants.size() + ")");
            entries.add(Comparison.runOne(specs.get(i), dir.resolve(variants.get(i).name()), progress));
        }
        RunHooks.checkComparison(dir, progress);
        List<ScenarioResult.VariantResult> results = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            results.add(judge(scenario, variants.get(i), entries.get(i), dir));
        }
        String kind = specs.isEmpty() ? "local" : specs.get(0).cluster().kind();
        ScenarioResult result = new ScenarioResult(scenario.name(), scenario.title(), scenario.seed(), scenario.claim(), kind,
                command, started, System.currentTimeMillis() - started, results, ScenarioResult.scenarioVerdict(results));
        result.write(dir);
        return result;
    }

    /** One variant's expectations against its results.json (none when the run did not happen). */
    static ScenarioResult.VariantResult judge(Scenario scenario, Variant v, Comparison.Entry entry, Path dir) {
        String settings = v.set() == null ? "{}" : v.set().toString();
        Path resultsFile = entry.runDir() == null ? null : entry.runDir().resolve(Checkers.RESULTS_JSON);
        if (!entry.status().equals("ran") || resultsFile == null || !Files.isRegularFile(resultsFile)) {
            String reason = entry.reason() != null ? entry.reason() : "no results.json was written";
            return new ScenarioResult.VariantResult(v.name(), v.backend(), v.role(), v.description(), settings, entry.status(),
                    reason, null, Map.of(), List.of(), "not run");
        }
        JsonNode results;
        try {
            results = JSON.readTree(resultsFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resultsFile + ": " + e.getMessage(), e);
        }
        return judge(scenario, v, results, dir.relativize(entry.runDir()).toString());
    }

    /** Pure: a variant's key figures and judged expectations from a results.json tree. */
    public static ScenarioResult.VariantResult judge(Scenario scenario, Variant v, JsonNode results, String runDir) {
        Map<String, String> numbers = new LinkedHashMap<>();
        for (String path : scenario.numbers()) {
            JsonNode n = Expectation.lookup(results, path);
            numbers.put(path, n.isMissingNode() || n.isNull() ? "-" : n.isNumber() ? Numbers.format(n.asDouble())
                    : n.isContainerNode() ? Numbers.abbreviate(n.toString()) : n.asText());
        }
        List<ScenarioResult.Judged> judged = v.expect().stream().map(e -> ScenarioResult.Judged.of(e.evaluate(results))).toList();
        return new ScenarioResult.VariantResult(v.name(), v.backend(), v.role(), v.description(),
                v.set() == null ? "{}" : v.set().toString(), "ran", null, runDir, numbers, judged,
                ScenarioResult.variantVerdict(judged));
    }
}
