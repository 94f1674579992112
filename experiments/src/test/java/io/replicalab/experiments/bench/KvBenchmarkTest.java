package io.replicalab.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark's mechanics on a tiny in-JVM run; its numbers belong in docs/benchmarks.md, never in assertions. */
class KvBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"leaderless", "single-leader"})
    void aShortInJvmRunWritesThenReadsBackEveryAcknowledgedKey(String backend) throws Exception {
        KvBenchmark.Options options = new KvBenchmark.Options(backend, 3, 8, 100, Duration.ZERO, Duration.ofSeconds(1),
                "batch(5ms)", false, 500, 2, 2);
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
        assertEquals(3, progress.size(), progress.toString());
    }
}
