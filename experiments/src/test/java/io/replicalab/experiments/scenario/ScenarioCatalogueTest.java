package io.replicalab.experiments.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replicalab.api.config.ConfigException;
import io.replicalab.experiments.cluster.Backends;
import io.replicalab.experiments.spec.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every scenario of the catalogue loads, and every variant's spec validates as an experiment spec. */
class ScenarioCatalogueTest {
    private static final ScenarioCatalogue CATALOGUE = ScenarioCatalogue.load();

    @Test
    void theCatalogueHoldsTheTenScenariosOfIssue8() {
        assertEquals(List.of("stale-replica-promotion", "split-brain", "tunable-consistency", "shopping-cart", "replica-recovery",
                "failover-window", "ordering", "fan-out", "clock-skew-lww", "ttl-lock-pause"), CATALOGUE.names());
    }

    @Test
    void everyVariantSpecValidatesOnLocalAndProcessClusters() {
        for (Scenario s : CATALOGUE.all()) {
            if (!s.runnable()) {
                assertFalse(s.missing().isBlank(), s.name() + " says what the harness lacks");
                continue;
            }
            for (Variant v : s.variants()) {
                Backends.named(v.backend());
                assertFalse(v.expect().isEmpty(), s.name() + "/" + v.name() + " states an expected outcome");
                for (String kind : new String[] {null, "process"}) {
                    if (!v.runsOn(s.clusterKind(kind))) {
                        continue;
                    }
                    ExperimentSpec spec = s.specFor(v, kind);
                    assertEquals(v.backend(), spec.cluster().backend());
                    assertEquals(kind == null ? "local" : kind, spec.cluster().kind(), "scenarios run locally by default");
                }
            }
        }
    }

    @Test
    void aVariantForProcessClustersOnlyIsLeftOutOfALocalRunAndAloneIsAOneLineError() {
        Scenario ttl = CATALOGUE.get("ttl-lock-pause");
        Variant sigstop = ttl.variant("single-leader-ttl-lock-sigstop");
        assertEquals(List.of("process"), sigstop.clusters());
        assertTrue(ttl.specFor(sigstop, "process").nemesis().schedule().stream().anyMatch(f -> f.fault().equals("pause")));
        // A pause is a SIGSTOP: the spec of a local run says so rather than running without it.
        ConfigException local = assertThrows(ConfigException.class, () -> ttl.specFor(sigstop, null));
        assertTrue(local.getMessage().contains("nemesis pause: needs cluster.kind: process"), local.getMessage());

        List<String> said = new java.util.ArrayList<>();
        List<Variant> onLocal = ScenarioRunner.runningOn(ttl, ttl.variants(), null, said::add);
        assertEquals(List.of("single-leader-ttl-lock", "single-leader-latch", "raft"), onLocal.stream().map(Variant::name).toList());
        assertEquals(3, said.size(), "each left-out variant is named: " + said);
        assertTrue(said.get(0).contains("single-leader-ttl-lock-sigstop left out: it runs on process clusters only"), said.get(0));
        assertEquals(List.of("single-leader-ttl-lock-sigstop", "single-leader-latch-sigstop", "raft-sigstop"),
                ScenarioRunner.runningOn(ttl, ttl.variants(), "process", said::add).stream().map(Variant::name).toList());
        ConfigException alone = assertThrows(ConfigException.class,
                () -> ScenarioRunner.runningOn(ttl, List.of(sigstop), "local", line -> { }));
        assertEquals("scenario ttl-lock-pause: single-leader-ttl-lock-sigstop cannot run on a local cluster: use --cluster process",
                alone.getMessage());
        // Every other scenario's variants run on both kinds.
        CATALOGUE.all().stream().filter(s -> !s.name().equals("ttl-lock-pause")).flatMap(s -> s.variants().stream())
                .forEach(v -> assertEquals(Variant.CLUSTER_KINDS, v.clusters(), v.name()));
    }

    @Test
    void anUnknownClusterKindOfAVariantIsAOneLineError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new Variant("v", "raft", "strong", null, null, List.of(), List.of("docker")));
        assertEquals("variants.v.clusters: 'docker' is unknown: use local, process or both", e.getMessage());
    }

    @Test
    void variantSettingsAreMergedIntoTheBaseSpec() {
        Scenario s = CATALOGUE.get("stale-replica-promotion");
        ExperimentSpec async = s.specFor(s.variant("single-leader-async-any"), null);
        assertEquals("async", async.cluster().singleLeader().get("mode").asText());
        assertEquals("any", async.cluster().singleLeader().get("promotion-policy").asText());
        assertEquals(2000, async.cluster().singleLeader().get("session-timeout-ms").asInt(), "base settings kept");
        ExperimentSpec w2 = s.specFor(s.variant("leaderless-w2"), null);
        assertEquals("2", w2.consistency().write());
    }

    @Test
    void everyExpectationNamesACheckerThatExists() {
        List<String> checkers = io.replicalab.experiments.checker.Checkers.all().stream()
                .map(io.replicalab.experiments.checker.Checker::name).toList();
        for (Scenario s : CATALOGUE.all()) {
            s.variants().forEach(v -> v.expect().forEach(e -> assertTrue(checkers.contains(e.checker()),
                    s.name() + "/" + v.name() + ": " + e.check())));
            s.numbers().forEach(n -> assertTrue(checkers.contains(n.substring(0, n.indexOf('.'))), s.name() + ": " + n));
        }
    }

    @Test
    void everyQuoteIsVerbatimInItsSeed() throws IOException {
        Path seeds = Path.of("../../shared/seeds");
        assumeTrue(Files.isDirectory(seeds), "the seed documents live beside the project (../shared/seeds)");
        for (Scenario s : CATALOGUE.all()) {
            String seed = Files.readString(seeds.resolve(s.seed().file()));
            assertTrue(seed.contains(s.seed().quote()), s.name() + " quotes " + s.seed().file() + " verbatim");
        }
    }

    @Test
    void unknownScenarioAndBackendAreOneLineErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> CATALOGUE.get("nope"));
        assertTrue(e.getMessage().startsWith("unknown scenario 'nope': use one of stale-replica-promotion"), e.getMessage());
        Scenario cart = CATALOGUE.get("shopping-cart");
        e = assertThrows(ConfigException.class, () -> ScenarioRunner.select(cart, "paxos"));
        assertTrue(e.getMessage().startsWith("unknown backend 'paxos'"), e.getMessage());
        assertEquals(2, ScenarioRunner.select(cart, "leaderless").size());
        assertEquals("raft", ScenarioRunner.select(cart, "raft").get(0).name());
        assertEquals(1, ScenarioRunner.select(cart, "leaderless-lww").size());
        Scenario notYet = new Scenario("not-yet", null, CATALOGUE.get("split-brain").seed(), null, null, null, null,
                "the harness lacks a fault");
        e = assertThrows(ConfigException.class, () -> ScenarioRunner.select(notYet, "all"));
        assertEquals("scenario not-yet cannot run yet: the harness lacks a fault", e.getMessage());
    }
}
