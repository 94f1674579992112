package io.replicalab.cli;

import io.replicalab.api.config.ConfigException;
import io.replicalab.experiments.runner.RunDirs;
import io.replicalab.experiments.scenario.Scenario;
import io.replicalab.experiments.scenario.ScenarioCatalogue;
import io.replicalab.experiments.scenario.ScenarioDocs;
import io.replicalab.experiments.scenario.ScenarioResult;
import io.replicalab.experiments.scenario.ScenarioRunner;
import io.replicalab.experiments.scenario.ScenarioTable;
import io.replicalab.experiments.scenario.Variant;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replicalab scenario list | run | docs}: the seed claims as runnable experiments (issue #8). */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "List, run and document the seed-claim scenarios (experiments/src/main/resources/scenarios/).",
        subcommands = {ScenarioCommand.ListScenarios.class, ScenarioCommand.Run.class, ScenarioCommand.Docs.class})
final class ScenarioCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every scenario: name, the seed claim, its variants.")
    static final class ListScenarios implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Scenario s : ScenarioCatalogue.load().all()) {
                out.println(s.name() + ": " + s.title());
                out.println("  claim (" + s.seed().file() + "): \"" + s.seed().quote() + "\"");
                if (s.runnable()) {
                    for (Variant v : s.variants()) {
                        String only = v.clusters().size() == 1 ? " (" + v.clusters().get(0) + " clusters only)" : "";
                        out.println(String.format("  - %-36s %-14s %-8s %s%s", v.name(), v.backend(), v.role(), v.description(), only));
                    }
                } else {
                    out.println("  not expressible yet: " + s.missing());
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a scenario's variants, check them, compare them side by side and judge the seed claim.",
                "Writes <out>/<time>-<scenario>/<variant>/ run dirs, report.html and scenario-result.json."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Scenario name (replicalab scenario list), or all: every runnable scenario in turn.")
        String name;

        @Option(names = "--backend", defaultValue = "all",
                description = "all (default), a backend (its variants only) or one variant's name.")
        String backend;

        @Option(names = "--cluster", description = "local (nodes in this JVM) or process (one JVM per node: kill -9, SIGSTOP); "
                + "default: what the scenario says (local).")
        String cluster;

        @Option(names = "--out", defaultValue = "runs", description = "Where the scenario directory goes (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
                description = {"Run each variant N times, with the spec's seed, seed+1, ... (default ${DEFAULT-VALUE});",
                    "a variant is confirmed only when every seed meets every expectation."})
        int seeds;

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            if (cluster != null && !List.of("local", "process").contains(cluster)) {
                throw new ConfigException("--cluster: '" + cluster + "' is unknown: use local or process");
            }
            if (seeds < 1) {
                throw new ConfigException("--seeds: " + seeds + " must be 1 or more (runs per variant, each with its own seed)");
            }
            ScenarioCatalogue catalogue = ScenarioCatalogue.load();
            boolean all = name.equals("all");
            List<Scenario> scenarios = all ? catalogue.all().stream().filter(Scenario::runnable)
                    .filter(sc -> backend.equals("all") || sc.variants().stream()
                            .anyMatch(v -> v.backend().equals(backend) || v.name().equals(backend))).toList()
                    : List.of(catalogue.get(name));
            if (scenarios.isEmpty()) {
                throw new ConfigException("--backend: no scenario has a variant on '" + backend
                        + "': use all, leaderless, raft, single-leader or a variant name (replicalab scenario list)");
            }
            Path top = all ? RunDirs.forRun(out, "scenarios") : out;
            boolean broke = false;
            for (Scenario scenario : scenarios) {
                List<Variant> variants = ScenarioRunner.select(scenario, backend);
                Path dir = RunDirs.forRun(top, scenario.name());
                String command = "bin/replicalab scenario run " + scenario.name() + " --backend " + backend
                        + (cluster == null ? "" : " --cluster " + cluster) + (seeds == 1 ? "" : " --seeds " + seeds);
                ScenarioResult result = ScenarioRunner.run(scenario, variants, cluster, seeds, dir, command, line -> {
                    stdout.println(line);
                    stdout.flush();
                });
                stdout.println();
                stdout.print(ScenarioTable.render(result));
                stdout.println("scenario dir: " + dir + (seeds == 1 ? " (scenario-result.json, report.html)"
                        : " (scenario-result.json; seed-S/report.html per seed)"));
                stdout.flush();
                broke |= result.variants().stream().anyMatch(ScenarioResult.VariantResult::broke);
            }
            if (all) {
                stdout.println("all scenarios: " + top + "  (docs: bin/replicalab scenario docs --results " + top + ")");
            }
            // The scenario ran: 0 whatever the verdict (refuting a claim is a result); 1 if a variant's run broke.
            return broke ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    @Command(name = "docs", mixinStandardHelpOptions = true,
            description = {"Print docs/scenarios.md generated from scenario results (per scenario and cluster the run of most variants, then seeds, then the newest):",
                "  replicalab scenario docs --results runs/ > docs/scenarios.md"})
    static final class Docs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--results", arity = "1..*", required = true,
                description = "scenario-result.json files or directories holding scenario runs.")
        List<Path> results;

        @Override
        public Integer call() {
            List<ScenarioResult> all = new ArrayList<>();
            for (Path p : results) {
                all.addAll(ScenarioResult.readAll(p));
            }
            if (all.isEmpty()) {
                throw new ConfigException("no " + ScenarioResult.FILE + " under " + results
                        + ": run a scenario first (replicalab scenario run NAME)");
            }
            String command = "bin/replicalab scenario docs --results "
                    + String.join(" ", results.stream().map(Path::toString).toList()) + " > docs/scenarios.md";
            PrintWriter out = spec.commandLine().getOut();
            out.print(ScenarioDocs.markdown(ScenarioCatalogue.load(), all, command));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
