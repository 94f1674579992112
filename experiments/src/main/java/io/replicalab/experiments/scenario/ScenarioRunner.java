package io.replicalab.experiments.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicalab.api.config.ConfigException;
import io.replicalab.experiments.checker.Checkers;
import io.replicalab.experiments.cluster.Backends;
import io.replicalab.experiments.report.Reports;
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
    public static ScenarioResult run(Scenario scenario, List<Variant> selected, String clusterKind, Path dir, String command,
                                     Consumer<String> progress) throws IOException {
        List<Variant> variants = runningOn(scenario, selected, clusterKind, progress);
        List<ExperimentSpec> specs = variants.stream().map(v -> scenario.specFor(v, clusterKind)).toList(); // validate all first
        Files.createDirectories(dir);
        long started = System.currentTimeMillis();
        List<ScenarioResult.VariantResult> results = runAndJudge(scenario, variants, specs, dir, dir, "", progress);
        ScenarioResult result = new ScenarioResult(scenario.name(), scenario.title(), scenario.seed(), scenario.claim(),
                kindOf(specs), command, started, System.currentTimeMillis() - started, results,
                ScenarioResult.scenarioVerdict(results));
        result.write(dir);
        return result;
    }

    /**
     * Runs every variant with {@code seeds} seeds (its spec's seed, seed + 1, ...) into {@code dir/seed-S/<variant>/}
     * (each seed directory has its own side-by-side report) and judges each expectation across the seeds:
     * a variant is confirmed only when every seed meets every expectation. {@code seeds == 1} is {@link #run}.
     */
    public static ScenarioResult run(Scenario scenario, List<Variant> selected, String clusterKind, int seeds, Path dir,
                                     String command, Consumer<String> progress) throws IOException {
        if (seeds < 1) {
            throw new ConfigException("--seeds: " + seeds + " must be at least 1");
        }
        if (seeds == 1) {
            return run(scenario, selected, clusterKind, dir, command, progress);
        }
        List<Variant> variants = runningOn(scenario, selected, clusterKind, progress);
        List<ExperimentSpec> specs = variants.stream().map(v -> scenario.specFor(v, clusterKind)).toList(); // validate all first
        Files.createDirectories(dir);
        long started = System.currentTimeMillis();
        long base = specs.get(0).seed();
        List<List<ScenarioResult.VariantResult>> perSeed = new ArrayList<>();
        List<Long> seedList = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            int offset = k;
            seedList.add(base + k);
            List<ExperimentSpec> seeded = specs.stream().map(sp -> sp.withSeed(sp.seed() + offset)).toList();
            Path seedDir = dir.resolve("seed-" + (base + k));
            Files.createDirectories(seedDir);
            perSeed.add(runAndJudge(scenario, variants, seeded, seedDir, dir,
                    " seed " + (base + k) + " (" + (k + 1) + " of " + seeds + ")", progress));
        }
        List<ScenarioResult.VariantResult> results = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            List<ScenarioResult.SeedResult> runs = new ArrayList<>();
            for (int k = 0; k < seeds; k++) {
                runs.add(SeedAggregate.seedResult(specs.get(i).seed() + k, perSeed.get(k).get(i)));
            }
            results.add(SeedAggregate.variant(variants.get(i), runs));
        }
        ScenarioResult result = new ScenarioResult(scenario.name(), scenario.title(), scenario.seed(), scenario.claim(),
                kindOf(specs), command, started, System.currentTimeMillis() - started, results,
                ScenarioResult.scenarioVerdict(results), seedList);
        result.write(dir);
        return result;
    }

    /**
     * The variants of {@code selected} that run on the run's cluster kind; the others are left out with a
     * progress line (a SIGSTOP variant on a local cluster).
     *
     * @throws ConfigException when none is left, naming the cluster kind that would run them
     */
    static List<Variant> runningOn(Scenario scenario, List<Variant> selected, String clusterKind, Consumer<String> progress) {
        String kind = scenario.clusterKind(clusterKind);
        List<Variant> left = selected.stream().filter(v -> v.runsOn(kind)).toList();
        selected.stream().filter(v -> !v.runsOn(kind)).forEach(v -> progress.accept("== " + scenario.name() + " / " + v.name()
                + " left out: it runs on " + String.join(" and ", v.clusters()) + " clusters only, this run is on a " + kind + " cluster"));
        if (left.isEmpty()) {
            throw new ConfigException("scenario " + scenario.name() + ": " + String.join(", ", selected.stream().map(Variant::name).toList())
                    + " cannot run on a " + kind + " cluster: use --cluster " + selected.get(0).clusters().get(0));
        }
        return left;
    }

    private static String kindOf(List<ExperimentSpec> specs) {
        return specs.isEmpty() ? "local" : specs.get(0).cluster().kind();
    }

    /** Runs each variant's spec into {@code runsDir/<variant>/}, checks and compares them there, judges each. */
    private static List<ScenarioResult.VariantResult> runAndJudge(Scenario scenario, List<Variant> variants,
            List<ExperimentSpec> specs, Path runsDir, Path resultDir, String label, Consumer<String> progress) {
        List<Comparison.Entry> entries = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            progress.accept("== " + scenario.name() + " / " + variants.get(i).name() + label
                    + " (" + (i + 1) + " of " + variants.size() + ")");
            entries.add(Comparison.runOne(specs.get(i), runsDir.resolve(variants.get(i).name()), progress));
        }
        Reports.ComparedRuns compared = RunHooks.checkComparison(runsDir, progress);
        List<ScenarioResult.VariantResult> results = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            results.add(judge(scenario, variants.get(i), entries.get(i), compared, resultDir));
        }
        return results;
    }

    /** One variant's expectations against its results.json (none when the run did not happen or was not checked). */
    static ScenarioResult.VariantResult judge(Scenario scenario, Variant v, Comparison.Entry entry, Reports.ComparedRuns compared,
                                              Path dir) {
        String settings = v.set() == null ? "{}" : v.set().toString();
        Path resultsFile = entry.runDir() == null ? null : entry.runDir().resolve(Checkers.RESULTS_JSON);
        if (!entry.status().equals("ran") || resultsFile == null || !Files.isRegularFile(resultsFile)) {
            String reason = entry.reason() != null ? entry.reason() : compared.failed().stream()
                    .filter(f -> f.dir().equals(entry.runDir())).map(f -> "not checked: " + f.reason()).findFirst()
                    .orElse("no results.json was written");
            String status = entry.status().equals("skipped") ? "skipped" : "failed";
            return new ScenarioResult.VariantResult(v.name(), v.backend(), v.role(), v.description(), settings, status,
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
