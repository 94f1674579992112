package io.replicalab.experiments.cluster;

import io.replicalab.api.ClusterService;
import io.replicalab.api.config.ClusterSpec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster with one JVM per node on this machine, where a crash is a real {@code kill -9} and a pause
 * a real {@code SIGSTOP}. Each node runs {@link NodeMain} with the launching JVM's classpath (so it
 * works from surefire and from the shaded CLI jar); the spec is written as YAML into the cluster's work
 * dir, and each node incarnation's stdout and stderr go to {@code logs/<id>.<incarnation>.out|.err}
 * there. Data lives wherever {@code spec.storage().dir()} points; this class never deletes it.
 *
 * <p>No node outlives the cluster: {@link #close} kills every node and waits for each to exit (even when
 * the closing thread is interrupted); a JVM shutdown hook, registered before the first node starts, does
 * the same on Ctrl-C / SIGTERM; once closed, no node can be launched any more (a nemesis restart racing the
 * close fails instead of leaving an orphan); and each node stops by itself when the launching JVM dies
 * without running its hooks ({@code kill -9}: {@link NodeMain}'s {@code --exit-with-parent}).
 *
 * <p>A backend's cluster service (single-leader's ZooKeeper) runs as one more JVM under the same rules,
 * started before the nodes, logging to {@code logs/<name>.out|.err}, with its data in a temp dir removed
 * once it is killed. Node faults never touch it.
 */
public final class ProcessCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCluster.class);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);
    private static final int TAIL_LINES = 40;

    /**
     * How node JVMs are launched.
     *
     * @param jvmArgs options before the main class (heap, GC)
     * @param readyTimeout how long a node may take to print its ready line
     * @param classpath the node JVMs' classpath
     * @param javaBinary the {@code java} executable
     */
    public record Options(List<String> jvmArgs, Duration readyTimeout, String classpath, String javaBinary) {
        /** Environment variable with more JVM options for node processes (benchmarks of JIT or GC settings). */
        public static final String NODE_JVM_OPTS_ENV = "REPLICALAB_NODE_JVM_OPTS";

        public Options {
            jvmArgs = List.copyOf(jvmArgs);
        }

        /**
         * Small heaps, the serial collector and the C1 JIT only, so three nodes and a client fit on 2 cores: with
         * the default tiered JIT, C2's compiler threads compete with the nodes for the cores for the first tens of
         * seconds of every run (raft at 64 in flight, back to back: ~7,400-7,900 writes/s with C1 only against
         * ~1,900-3,100 tiered; docs/benchmarks.md).
         */
        public static Options defaults() {
            return defaults(System.getenv());
        }

        /**
         * The defaults, then the options in {@value #NODE_JVM_OPTS_ENV} of {@code env} (split on whitespace): coming
         * last, they override (e.g. {@code -XX:TieredStopAtLevel=4} restores the tiered JIT for long benchmarks).
         */
        static Options defaults(Map<String, String> env) {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> jvmArgs = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            String extra = env.getOrDefault(NODE_JVM_OPTS_ENV, "");
            if (!extra.isBlank()) {
                jvmArgs.addAll(List.of(extra.trim().split("\\s+")));
            }
            return new Options(jvmArgs, Duration.ofSeconds(30), System.getProperty("java.class.path"), java);
        }

        public Options withJvmArgs(List<String> newArgs) {
            return new Options(newArgs, readyTimeout, classpath, javaBinary);
        }
    }

    private final ClusterSpec spec;
    private final Path workDir;
    private final Path configFile;
    private final Options options;
    private final Map<String, NodeProcess> nodes = new ConcurrentHashMap<>();
    private final Map<String, Integer> incarnations = new LinkedHashMap<>();
    /** Every process ever launched (all incarnations), so a close also reaches one a failed restart left. */
    private final List<NodeProcess> launched = new ArrayList<>();
    /** Guards {@link #closed} and {@link #launched}: a launch either completes before the close or never starts. */
    private final Object lifecycle = new Object();
    private boolean closed;
    private final Thread shutdownHook;
    private NodeProcess service; // the backend's cluster service process, if it has one
    private volatile Path serviceDir;

    private ProcessCluster(ClusterSpec spec, Path workDir, Options options) {
        this.spec = spec;
        this.workDir = workDir.toAbsolutePath();
        this.options = options;
        this.configFile = ClusterSpecYaml.write(spec, this.workDir.resolve("cluster.yaml"));
        this.shutdownHook = new Thread(this::killAll, "process-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the backend's cluster service, if any, then every node of {@code spec} (in parallel, with the
     * service's {@link ClusterService#nodeSpec()}) and returns once all print their ready line.
     */
    public static ProcessCluster start(ClusterSpec spec, Path workDir) {
        return start(spec, workDir, Options.defaults());
    }

    public static ProcessCluster start(ClusterSpec spec, Path workDir, Options options) {
        Optional<ClusterService> service = Backends.named(spec.backend()).clusterService(spec);
        ProcessCluster cluster = new ProcessCluster(service.map(ClusterService::nodeSpec).orElse(spec), workDir, options);
        try {
            service.ifPresent(cluster::startService);
            List<NodeProcess> launched = new ArrayList<>();
            for (String id : spec.nodeIds()) {
                launched.add(cluster.launch(id));
            }
            for (NodeProcess p : launched) {
                cluster.awaitReady(p);
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public ClusterSpec spec() {
        return spec;
    }

    @Override
    public String kind() {
        return "process";
    }

    @Override
    public java.util.Optional<Path> logDir() {
        return java.util.Optional.of(workDir.resolve("logs"));
    }

    /** {@code kill -9}. */
    @Override
    public void kill(String id) {
        kill9(id);
    }

    @Override
    public boolean isRunning(String id) {
        return isAlive(id);
    }

    /** The YAML file the nodes were started with. */
    public Path configFile() {
        return configFile;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public List<String> nodeIds() {
        return spec.nodeIds();
    }

    /** The pid of the node's current incarnation. */
    public long pid(String id) {
        return running(id).process.pid();
    }

    public boolean isAlive(String id) {
        NodeProcess p = nodes.get(id);
        return p != null && p.process.isAlive();
    }

    /** CPU time used so far by the node's current process, if the OS reports it. */
    public Optional<Duration> cpu(String id) {
        NodeProcess p = nodes.get(id);
        return p == null ? Optional.empty() : p.process.toHandle().info().totalCpuDuration();
    }

    /** {@code kill -9}: the node gets no chance to flush or close anything. Returns once the process is gone. */
    public void kill9(String id) {
        NodeProcess p = running(id);
        p.process.toHandle().destroyForcibly();
        awaitExit(p);
        p.paused = false;
        LOG.info("node {} (pid {}) killed with SIGKILL", id, p.process.pid());
    }

    /** SIGTERM: the node closes its storage and ports in its shutdown hook. Falls back to kill -9. */
    public void stop(String id) {
        NodeProcess p = running(id);
        if (p.paused) {
            resume(id); // a stopped process cannot run its shutdown hook
        }
        p.process.destroy();
        try {
            if (!p.process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("node {} did not stop within {} s of SIGTERM; killing it", id, EXIT_WAIT.toSeconds());
                kill9(id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping node " + id, e);
        }
    }

    /**
     * Starts node {@code id} again from its data dir (after {@link #kill9} or {@link #stop}; a node still
     * running is stopped with SIGTERM first) and returns once it is ready.
     */
    @Override
    public void restart(String id) {
        spec.requireNode(id);
        NodeProcess old = nodes.get(id);
        if (old != null && old.process.isAlive()) {
            stop(id);
        }
        awaitReady(launch(id));
    }

    /** {@code kill -STOP}: the process freezes with its sockets open, as in a long GC pause or a VM stall. */
    @Override
    public void pause(String id) {
        NodeProcess p = running(id);
        signal(p, "STOP");
        p.paused = true;
    }

    /** {@code kill -CONT}. */
    @Override
    public void resume(String id) {
        NodeProcess p = running(id);
        signal(p, "CONT");
        p.paused = false;
    }

    @Override
    public boolean isPaused(String id) {
        NodeProcess p = nodes.get(id);
        return p != null && p.paused && p.process.isAlive();
    }

    /** The stdout and stderr logs of the node's current incarnation. */
    public Path stdoutLog(String id) {
        return running(id).stdout;
    }

    public Path stderrLog(String id) {
        return running(id).stderr;
    }

    /**
     * Kills every node (SIGKILL; works on paused ones too) and returns once every node process has exited.
     * Idempotent and safe from any thread; data dirs stay.
     */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and runs the hook anyway
        }
    }

    /** The cluster service's process (single-leader's ZooKeeper), if the backend has one. */
    public Optional<ProcessHandle> serviceProcess() {
        return Optional.ofNullable(service).map(p -> p.process.toHandle());
    }

    /** Every process this cluster launched that is still alive (any node incarnation, and the cluster service). */
    public List<ProcessHandle> liveProcesses() {
        synchronized (lifecycle) {
            return launched.stream().map(p -> p.process.toHandle()).filter(ProcessHandle::isAlive).toList();
        }
    }

    private void killAll() {
        List<NodeProcess> all;
        synchronized (lifecycle) {
            closed = true;
            all = List.copyOf(launched);
        }
        for (NodeProcess p : all) {
            if (p.process.isAlive()) {
                p.process.toHandle().destroyForcibly();
            }
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        for (NodeProcess p : all) {
            // An interrupted caller (a run being cancelled) still waits: returning early would let it
            // report the cluster closed while node processes are still alive.
            while (p.process.isAlive() && System.nanoTime() < deadline) {
                try {
                    p.process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (p.process.isAlive()) {
                LOG.warn("{} (pid {}) still runs {} s after SIGKILL", p.label, p.process.pid(), EXIT_WAIT.toSeconds());
            }
        }
        Path dir = serviceDir;
        if (dir != null) {
            TempDirs.deleteRecursively(dir);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private NodeProcess running(String id) {
        spec.requireNode(id);
        NodeProcess p = nodes.get(id);
        if (p == null) {
            throw new IllegalStateException("node " + id + " was never started in this cluster");
        }
        return p;
    }

    private NodeProcess launch(String id) {
        int incarnation;
        synchronized (lifecycle) {
            incarnation = incarnations.merge(id, 1, Integer::sum);
        }
        Path logs = workDir.resolve("logs");
        NodeProcess p = launch("node " + id, "node " + id,
                List.of(NodeMain.class.getName(), "--config", configFile.toString(), "--id", id, "--exit-with-parent"),
                logs.resolve(id + "." + incarnation + ".out"), logs.resolve(id + "." + incarnation + ".err"));
        nodes.put(id, p);
        LOG.info("node {} launched as pid {} (incarnation {})", id, p.process.pid(), incarnation);
        return p;
    }

    private void startService(ClusterService s) {
        serviceDir = TempDirs.create("replicalab-" + s.name() + "-");
        Path logs = workDir.resolve("logs");
        service = launch(s.name(), s.name(), s.processCommand(serviceDir), logs.resolve(s.name() + ".out"),
                logs.resolve(s.name() + ".err"));
        awaitReady(service);
    }

    /**
     * Starts a JVM running {@code mainAndArgs} (unless the cluster is closed), ready once it prints
     * {@code <readyName> ready:}.
     */
    private NodeProcess launch(String label, String readyName, List<String> mainAndArgs, Path stdout, Path stderr) {
        List<String> command = new ArrayList<>();
        command.add(options.javaBinary());
        command.addAll(options.jvmArgs());
        command.add("-cp");
        command.add(options.classpath());
        command.addAll(mainAndArgs);
        try {
            Files.createDirectories(stdout.getParent());
            NodeProcess p;
            synchronized (lifecycle) {
                if (closed) {
                    throw new IllegalStateException("cluster " + spec.name() + " is closed: " + label + " is not started again");
                }
                Process process = new ProcessBuilder(command)
                        .redirectError(stderr.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.PIPE)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
                p = new NodeProcess(label, readyName + " " + NodeMain.READY + ":", process, stdout, stderr);
                launched.add(p);
            }
            Process process = p.process;
            Thread pump = new Thread(() -> pumpStdout(p), label.replace(' ', '-') + "-stdout");
            pump.setDaemon(true);
            pump.start();
            process.onExit().thenRun(() -> p.ready.completeExceptionally(
                    new IllegalStateException("exited with code " + process.exitValue())));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + label + ": " + String.join(" ", command), e);
        }
    }

    /** Copies the node's stdout to its log file and completes {@code ready} at the ready line. */
    private static void pumpStdout(NodeProcess p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(p.stdout, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith(p.readyLine)) {
                    p.ready.complete(line);
                }
            }
        } catch (IOException e) {
            p.ready.completeExceptionally(e);
        }
    }

    private void awaitReady(NodeProcess p) {
        String problem;
        try {
            String line = p.ready.get(options.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("{}", line);
            return;
        } catch (TimeoutException e) {
            problem = "did not print its ready line within " + options.readyTimeout().toSeconds() + " s";
        } catch (ExecutionException e) {
            problem = e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted while waiting for it";
        }
        p.process.toHandle().destroyForcibly();
        awaitExit(p);
        throw new IllegalStateException(p.label + " (pid " + p.process.pid() + ") failed to start: " + problem
                + "\n--- stderr tail (" + p.stderr + ") ---\n" + tail(p.stderr)
                + "\n--- stdout tail (" + p.stdout + ") ---\n" + tail(p.stdout));
    }

    private static void awaitExit(NodeProcess p) {
        try {
            if (!p.process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(p.label + " (pid " + p.process.pid() + ") still runs "
                        + EXIT_WAIT.toSeconds() + " s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + p.label + " to exit", e);
        }
    }

    private static void signal(NodeProcess p, String signal) {
        if (!p.process.isAlive()) {
            throw new IllegalStateException(p.label + " is not running: cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!kill.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.process.pid() + " failed: " + output);
            }
            LOG.info("{} (pid {}) sent SIG{}", p.label, p.process.pid(), signal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + p.label, e);
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no file)";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** One launched JVM: a node's incarnation or the cluster service. */
    private static final class NodeProcess {
        final String label;
        final String readyLine;
        final Process process;
        final Path stdout;
        final Path stderr;
        final CompletableFuture<String> ready = new CompletableFuture<>();
        volatile boolean paused;

        NodeProcess(String label, String readyLine, Process process, Path stdout, Path stderr) {
            this.label = label;
            this.readyLine = readyLine;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }
}
