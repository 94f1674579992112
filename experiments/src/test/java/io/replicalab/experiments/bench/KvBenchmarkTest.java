package io.replicalab.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark's mechanics on a tiny in-JVM run; its numbers belong in docs/benchmarks.md, never in assertions. */
class KvBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"leaderless", "single-leader"})
    void aShortInJvmRunWritesThenReadsBackEveryAcknowledgedKey(String backend) throws Exception {
        KvBenchmark.Options options = new KvBenchmark.Options(backend, 3, 8, 100, Duration.ZERO, Duration.ofSeconds(1),
                "batch(5ms)", false, 500, 2, 2, false);
        assertRunsCleanly(options);
    }

    /** The raft benchmark once hung after start-up (Ratis's async client blocked a reply thread). */
    @Test
    void aShortInJvmRaftRunFinishesWithEveryAcknowledgedKeyReadable() throws Exception {
        KvBenchmark.Options options = new KvBenchmark.Options("raft", 3, 16, 100, Duration.ZERO, Duration.ofSeconds(1),
                "always", false, 500, 2, 2, false);
        assertRunsCleanly(options);
    }

    private static void assertRunsCleanly(KvBenchmark.Options options) throws Exception {
        List<String> progress = new ArrayList<>();
        KvBenchmark.Result r = KvBenchmark.run(options, progress::add);
        assertTrue(r.writes().ok() > 0, r.toString());
        assertTrue(r.reads().ok() > 0, r.toString());
        assertEquals(0, r.writes().fail() + r.writes().info(), "no errors without faults: " + r.writes().firstError());
        assertEquals(0, r.reads().fail() + r.reads().info(), "no errors without faults: " + r.reads().firstError());
        assertEquals(0, r.reads().absent(), "every read key had an acknowledged put");
        assertTrue(r.keysWritten() > 0 && r.keysWritten() <= 500);
        assertEquals("client+nodes", r.cpu().get(0).process());
        assertTrue(r.cpu().get(0).writeSeconds() > 0, r.cpu().toString());
        assertEquals(4, progress.size(), progress.toString());
    }

    @Test
    void putsCarryingTheirKeysLastContextMakeNoSiblingsWhileBlindPutsDo() throws Exception {
        // One request in flight: no two puts of a key are ever concurrent, so every sibling comes from a
        // put that did not carry the causal context of the previous one.
        KvBenchmark.Options withContext = new KvBenchmark.Options("leaderless", 3, 1, 10, Duration.ZERO,
                Duration.ofSeconds(1), "never", false, 5, 2, 2, false);
        KvBenchmark.Result r = KvBenchmark.run(withContext, line -> { });
        assertTrue(r.writes().ok() > 5, r.toString());
        assertEquals(0, r.reads().siblings(), r.toString());

        KvBenchmark.Result blind = KvBenchmark.run(new KvBenchmark.Options("leaderless", 3, 1, 10, Duration.ZERO,
                Duration.ofSeconds(1), "never", false, 5, 2, 2, true), line -> { });
        assertTrue(blind.writes().ok() > 5, blind.toString());
        assertTrue(blind.reads().siblings() > 0, "blind puts of repeated keys are concurrent: " + blind);
    }
}
