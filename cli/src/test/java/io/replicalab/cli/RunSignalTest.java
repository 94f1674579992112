package io.replicalab.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.replicalab.experiments.cluster.NodeMain;
import io.replicalab.node.testing.OsProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code replicalab run} on a process cluster, as its own JVM, gets a signal in the middle of the workload:
 * Ctrl-C (SIGINT) and SIGTERM run its shutdown hooks, which kill the nodes and wait for them, so every node
 * pid is gone once the CLI has exited; after SIGKILL (no hooks) each node notices its launcher is gone and
 * stops by itself.
 */
class RunSignalTest {
    /** Two leaderless node processes (few JVMs to start on a busy machine), a register workload meant to run 2 minutes. */
    private static final String SPEC = """
            {name: signalled, seed: 9, clients: 2, rate: 50, duration: 120s, workload: {type: register, keys: 3},
             cluster: {backend: leaderless, kind: process, nodes: 2, storage: memory}}
            """;

    @TempDir
    Path dir;

    private Process cli;

    @AfterEach
    void killCli() {
        if (cli != null) {
            cli.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM", "KILL"})
    void noNodeOutlivesTheCliWhateverSignalEndsIt(String signal) throws Exception {
        Path spec = Files.writeString(dir.resolve("signalled.yaml"), SPEC);
        Path stdout = dir.resolve("cli.out");
        String java = ProcessHandle.current().info().command().orElseThrow();
        // The CLI's temp dirs (node data) go under the test's dir: a SIGKILLed CLI cannot remove its own.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        cli = new ProcessBuilder(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), ReplicaLab.class.getName(),
                "run", spec.toString(), "--out", dir.resolve("runs").toString())
                .redirectOutput(stdout.toFile()).redirectErrorStream(true).start();
        // The workload is running: its progress line for the first second is out.
        await().atMost(Duration.ofSeconds(120)).until(() -> !cli.isAlive()
                || Files.readString(stdout, StandardCharsets.UTF_8).lines().anyMatch(l -> l.matches("\\[leaderless] +[1-9]\\d*/120 s .*")));
        assertTrue(cli.isAlive(), () -> "the CLI runs: " + read(stdout) + read(dir.resolve("runs").resolve("replicalab.log")));
        List<ProcessHandle> nodes = OsProcesses.descendantsWith(cli.toHandle(), NodeMain.class.getName());
        assertEquals(2, nodes.size(), nodes.toString());
        assumeFalse(signal.equals("INT") && ignores(cli.pid(), 2),
                "this test JVM was started with SIGINT ignored (a background job), so its children ignore Ctrl-C too");

        send(signal, cli.pid());
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the CLI exits after SIG" + signal);
        if (signal.equals("KILL")) {
            // No hook ran: each node sees end of file on the stdin pipe from its dead launcher and stops.
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream().allMatch(OsProcesses::isGone));
        } else {
            for (ProcessHandle p : nodes) {
                assertTrue(OsProcesses.isGone(p), "node pid " + p.pid() + " is gone once the CLI has exited (SIG" + signal + ")");
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void send(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0,
                new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Whether process {@code pid} ignores signal number {@code sig} (the SigIgn mask of /proc/PID/status). */
    private static boolean ignores(long pid, int sig) throws IOException {
        String mask = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).strip();
        return (Long.parseUnsignedLong(mask, 16) & (1L << (sig - 1))) != 0;
    }
}
