package io.replicalab.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.config.ClusterSpec;
import io.replicalab.leaderless.LeaderlessBackend;
import io.replicalab.node.testing.TestClusters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port picked for a node and taken by another process before the node binds it: the start is retried on
 * freshly picked ports (a race of the harness is not a failed run), while a port the caller did not pick keeps
 * its one-line error and is not retried.
 */
class FreshPortStartsTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    private final List<String> progress = new ArrayList<>();

    /** Specs whose first one has {@code n3}'s admin port held by this test, as another process would. */
    private final class Specs implements Supplier<ClusterSpec> {
        final AtomicInteger fresh = new AtomicInteger();

        @Override
        public ClusterSpec get() {
            fresh.incrementAndGet();
            return TestClusters.loopback(LeaderlessBackend.NAME, 3, dataDir.resolve("retry-" + fresh.get()), "memory", "never");
        }
    }

    private static ServerSocket occupy(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private <C extends Cluster> void retriesOnFreshPorts(Function<ClusterSpec, C> start) throws IOException {
        Specs specs = new Specs();
        ClusterSpec first = TestClusters.loopback(LeaderlessBackend.NAME, 3, dataDir.resolve("first"), "memory", "never");
        int taken = first.requireNode("n3").adminPort();
        try (ServerSocket other = occupy(taken);
             C cluster = FreshPortStarts.start(first, specs, FreshPortStarts::nodePorts, start, progress::add)) {
            assertEquals(1, specs.fresh.get(), "one retry, on a spec picked afresh");
            assertNotEquals(taken, cluster.spec().requireNode("n3").adminPort());
            assertTrue(cluster.isRunning("n3"));
            assertEquals(1, progress.size(), progress.toString());
            assertTrue(progress.get(0).startsWith("port " + taken + " was taken between its pick and the bind (start 1 of 3)"),
                    progress.get(0));
        }
    }

    @Test
    void aLocalClusterWhosePickedPortIsTakenStartsAgainOnFreshPorts() throws Exception {
        retriesOnFreshPorts(LocalCluster::start);
    }

    @Test
    void aProcessClusterWhosePickedPortIsTakenStartsAgainOnFreshPorts() throws Exception {
        retriesOnFreshPorts(cs -> ProcessCluster.start(cs, workDir));
    }

    @Test
    void aPortTheCallerDidNotPickKeepsItsErrorAndIsNotRetried() throws Exception {
        Specs specs = new Specs();
        ClusterSpec configured = TestClusters.loopback(LeaderlessBackend.NAME, 3, dataDir.resolve("first"), "memory", "never");
        int taken = configured.requireNode("n2").port();
        try (ServerSocket other = occupy(taken)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> FreshPortStarts.start(configured, specs,
                    cs -> Set.of(), LocalCluster::start, progress::add));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken), e.getMessage());
            assertEquals(0, specs.fresh.get(), "a configured port is the user's to change");
            assertTrue(progress.isEmpty(), progress.toString());
        }
    }

    @Test
    void theRetriesAreBounded() {
        AtomicInteger starts = new AtomicInteger();
        ClusterSpec spec = TestClusters.loopback(LeaderlessBackend.NAME, 3, dataDir, "memory", "never");
        int port = spec.requireNode("n1").port();
        RuntimeException e = assertThrows(RuntimeException.class, () -> FreshPortStarts.start(spec, () -> spec,
                cs -> Set.of(port), cs -> {
                    starts.incrementAndGet();
                    throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + " (port of n1): Address already in use");
                }, progress::add));
        assertEquals(FreshPortStarts.ATTEMPTS, starts.get());
        assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
    }

    @Test
    void onlyAnAddressInUseNamingAPickedPortCounts() {
        Set<Integer> picked = Set.of(10086, 10087);
        Exception nested = new IllegalStateException("node n3 (pid 7) failed to start: exited with code 1\n--- stderr tail ---\n"
                + "Exception in thread \"main\" NodeStartException: cannot listen on 127.0.0.1:10086 (admin-port of n3): "
                + "Address already in use");
        assertEquals(Optional.of(10086), FreshPortStarts.pickedPortInUse(nested, picked));
        assertEquals(Optional.of(10087), FreshPortStarts.pickedPortInUse(new RuntimeException("wrapped",
                new IOException("bind 127.0.0.1:10087: Address already in use")), picked));
        assertFalse(FreshPortStarts.pickedPortInUse(new IllegalStateException("cannot listen on 127.0.0.1:100860: "
                + "Address already in use"), picked).isPresent(), "another port that starts with the same digits");
        assertFalse(FreshPortStarts.pickedPortInUse(new IllegalStateException("storage dir of 127.0.0.1:10086 is locked"),
                picked).isPresent(), "not a port conflict");
    }
}
