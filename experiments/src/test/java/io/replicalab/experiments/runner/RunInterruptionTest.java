package io.replicalab.experiments.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.cluster.NodeMain;
import io.replicalab.experiments.spec.ExperimentSpec;
import io.replicalab.experiments.spec.ExperimentSpecLoader;
import io.replicalab.node.testing.OsProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process-cluster run that does not end normally (its thread is interrupted, or something throws in
 * the middle of the workload) leaves no node process behind: each node's pid, taken while the run was
 * going, is gone by the time the run returns.
 */
class RunInterruptionTest {
    /** Long enough that only the interruption can end the run in the test's time. */
    private static final ExperimentSpec LONG_RUN = ExperimentSpecLoader.parse("""
            name: interrupted
            seed: 5
            cluster:
              backend: leaderless
              kind: process
              nodes: 3
              storage: memory
              leaderless: {conflicts: lww, gossip-interval-ms: 100}
            workload: {type: register, keys: 3}
            clients: 2
            rate: 50
            duration: 120s
            nemesis:
              schedule:
                - {at: 1s, for: 100s, fault: pause, target: n3}
            """, "interrupted.yaml");

    @TempDir
    Path out;

    /** The node processes of the run writing into {@code runDir}, found among this JVM's descendants. */
    static List<ProcessHandle> nodesOf(Path runDir) {
        return OsProcesses.descendantsWith(ProcessHandle.current(), NodeMain.class.getName(),
                runDir.toAbsolutePath().resolve("cluster.yaml").toString());
    }

    private static boolean workloadRunning(String line) {
        return line.matches("\\[leaderless] +[1-9]\\d*/120 s .*");
    }

    @Test
    void anInterruptedRunKillsEveryNodeBeforeItReturns() throws Exception {
        Path runDir = out.resolve("run");
        AtomicReference<Throwable> ended = new AtomicReference<>();
        AtomicReference<List<ProcessHandle>> nodesWhileRunning = new AtomicReference<>();
        Consumer<String> progress = line -> {
            if (workloadRunning(line) && nodesWhileRunning.get() == null) {
                nodesWhileRunning.set(nodesOf(runDir));
            }
        };
        Thread runner = new Thread(() -> {
            try {
                ExperimentRunner.run(LONG_RUN, runDir, progress);
                ended.set(new AssertionError("the run finished instead of being interrupted"));
            } catch (Throwable t) {
                ended.set(t);
            }
        }, "interrupted-run");
        runner.start();
        // the workload runs, and n3 is frozen by SIGSTOP (a stopped node must die too)
        await().atMost(Duration.ofSeconds(90)).until(() -> nodesWhileRunning.get() != null);
        List<ProcessHandle> nodes = nodesWhileRunning.get();
        assertEquals(3, nodes.size(), nodes.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.stream().anyMatch(p -> OsProcesses.state(p.pid()).orElse('?') == 'T'));

        runner.interrupt();
        runner.join(Duration.ofSeconds(60).toMillis());
        assertTrue(!runner.isAlive(), "the run returned after the interrupt");
        assertNotNull(ended.get());
        assertTrue(ended.get() instanceof InterruptedException || ended.get().getCause() instanceof InterruptedException,
                "the run ends with the interrupt: " + ended.get());
        for (ProcessHandle p : nodes) {
            assertTrue(OsProcesses.isGone(p), "node pid " + p.pid() + " is gone once the run returned");
        }
        assertEquals(List.of(), nodesOf(runDir));
    }

    @Test
    void aRunThatThrowsMidWorkloadKillsEveryNodeBeforeItThrows() {
        Path runDir = out.resolve("run");
        AtomicReference<List<ProcessHandle>> nodesWhileRunning = new AtomicReference<>();
        IllegalStateException boom = new IllegalStateException("boom in the middle of the workload");
        Consumer<String> progress = line -> {
            if (workloadRunning(line)) {
                nodesWhileRunning.set(nodesOf(runDir));
                throw boom;
            }
        };
        Exception thrown = assertThrows(Exception.class, () -> ExperimentRunner.run(LONG_RUN, runDir, progress));
        assertSame(boom, assertInstanceOf(IllegalStateException.class, thrown), thrown.toString());
        List<ProcessHandle> nodes = nodesWhileRunning.get();
        assertEquals(3, nodes.size(), String.valueOf(nodes));
        for (ProcessHandle p : nodes) {
            assertTrue(OsProcesses.isGone(p), "node pid " + p.pid() + " is gone once the run threw");
        }
    }
}
