package io.replicalab.experiments.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.leaderless.LeaderlessBackend;
import io.replicalab.node.testing.OsProcesses;
import io.replicalab.node.testing.TestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the OS says about the node processes of a {@link ProcessCluster}: SIGSTOP really stops the process
 * (state {@code T} in /proc), SIGCONT really resumes it, kill -9 really ends it, and close ends every node,
 * a stopped one included, before it returns, even when the closing thread is interrupted.
 */
class ProcessClusterLifecycleTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    private ProcessCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ProcessCluster start() {
        cluster = ProcessCluster.start(TestClusters.loopback(LeaderlessBackend.NAME, 2, dataDir, "memory", "never"), workDir);
        return cluster;
    }

    @Test
    void pauseStopsTheOsProcessResumeContinuesItAndKillNineEndsIt() {
        start();
        ProcessHandle n1 = ProcessHandle.of(cluster.pid("n1")).orElseThrow();
        assertTrue(OsProcesses.state(n1.pid()).filter(s -> s != 'T').isPresent(), "n1 runs before the pause");

        cluster.pause("n1");
        // SIGSTOP is delivered asynchronously: the kernel marks the process stopped shortly after kill returns.
        await().atMost(Duration.ofSeconds(10)).until(() -> OsProcesses.state(n1.pid()), s -> s.equals(Optional.of('T')));
        assertTrue(cluster.isPaused("n1"));

        cluster.resume("n1");
        await().atMost(Duration.ofSeconds(10)).until(() -> OsProcesses.state(n1.pid()), s -> s.isPresent() && s.get() != 'T');
        assertFalse(cluster.isPaused("n1"));

        ProcessHandle n2 = ProcessHandle.of(cluster.pid("n2")).orElseThrow();
        cluster.kill9("n2");
        assertTrue(OsProcesses.isGone(n2), "kill9 returns once n2's process has exited");
        assertFalse(cluster.isRunning("n2"));
        assertTrue(n1.isAlive(), "the other node is untouched");
    }

    @Test
    void closeEndsEveryNodeIncludingAPausedOneAndNoNodeStartsAfterIt() {
        start();
        List<ProcessHandle> nodes = cluster.liveProcesses();
        assertEquals(2, nodes.size());
        cluster.pause("n2");
        await().atMost(Duration.ofSeconds(10)).until(() -> OsProcesses.state(cluster.pid("n2")), s -> s.equals(Optional.of('T')));

        // An interrupted caller (a run being cancelled) still gets a closed cluster.
        Thread.currentThread().interrupt();
        try {
            cluster.close();
            assertTrue(Thread.currentThread().isInterrupted(), "close keeps the interrupt for its caller");
        } finally {
            Thread.interrupted();
        }
        for (ProcessHandle p : nodes) {
            assertTrue(OsProcesses.isGone(p), "pid " + p.pid() + " is gone once close returns");
        }
        assertEquals(List.of(), cluster.liveProcesses());
        // A nemesis restart that races the close must not leave an orphan behind.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cluster.restart("n1"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(List.of(), cluster.liveProcesses());
    }
}
