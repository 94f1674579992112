package io.replicalab.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.replicalab.api.KvException;
import io.replicalab.api.Outcome;
import io.replicalab.api.config.ConfigException;
import io.replicalab.node.NodeStartException;
import io.replicalab.node.PendingBackend;
import io.replicalab.node.admin.AdminClient;
import java.io.PrintWriter;
import java.util.Arrays;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code replicalab} command. */
@Command(name = "replicalab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Compare leaderless, Raft and single-leader replication under injected faults.",
        subcommands = {
            NodeCommand.class, ZooKeeperCommand.class, KvCommand.class, AdminCommand.class, BenchCommand.class,
            ExperimentCommands.Run.class, ExperimentCommands.Compare.class, ScenarioCommand.class,
            CheckCommand.class, ReportCommand.class,
            CommandLine.HelpCommand.class})
public final class ReplicaLab implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log more (repeat for debug). Logs go to stderr.")
    boolean[] verbose;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        configureLogging(args);
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Injector injector = Guice.createInjector(new ReplicaLabModule());
        CommandLine cl = new CommandLine(new ReplicaLab(), new GuiceFactory(injector));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(ReplicaLab::handleError);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /**
     * Quiet by default: only warnings. {@code -v} shows info, {@code -vv} debug. Must run before the
     * first logger is created, so it reads the raw arguments.
     */
    static void configureLogging(String[] args) {
        long level = Arrays.stream(args).mapToLong(a -> switch (a) {
            case "-v", "--verbose" -> 1;
            case "-vv" -> 2;
            default -> 0;
        }).sum();
        String name = level >= 2 ? "debug" : level == 1 ? "info" : "warn";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", name);
        System.setProperty("org.slf4j.simpleLogger.logFile", experimentLogFile(args, level).orElse("System.err"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        // Ratis's shaded gRPC logs through java.util.logging (e.g. an INFO line about epoll at every start):
        // route it through SLF4J so it obeys the same level and destination.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(
                level >= 2 ? java.util.logging.Level.FINE : level == 1 ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
    }

    /**
     * A fault experiment ({@code run}, {@code compare}) provokes warnings and errors by design (blocked links,
     * quorums not reached, elections); its history records what matters, so unless {@code -v} is given the
     * logs go to {@code <out>/replicalab.log} and the terminal shows only progress.
     */
    private static java.util.Optional<String> experimentLogFile(String[] args, long level) {
        boolean experiment = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                .map(c -> c.equals("run") || c.equals("compare") || c.equals("scenario")).orElse(false);
        if (!experiment || level > 0) {
            return java.util.Optional.empty();
        }
        int out = Arrays.asList(args).indexOf("--out");
        java.nio.file.Path dir = java.nio.file.Path.of(out >= 0 && out + 1 < args.length ? args[out + 1] : "runs");
        try {
            java.nio.file.Files.createDirectories(dir);
            return java.util.Optional.of(dir.resolve("replicalab.log").toString());
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** One line naming the problem; the exit code says what kind it was. */
    private static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof io.replicalab.api.InvalidRequestException bad) {
            // Rejected before anything ran (R > N, empty key, value too large): the user's input to fix.
            err.println("replicalab: invalid request: " + bad.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof KvException kv) {
            Outcome outcome = kv.outcome();
            err.println("replicalab: " + (outcome == Outcome.INFO ? "outcome unknown: " : "failed: ") + kv.getMessage());
            return outcome == Outcome.INFO ? ExitCodes.UNKNOWN_OUTCOME : ExitCodes.FAILED;
        }
        if (e instanceof ConfigException || e instanceof PendingBackend.BackendNotReadyException) {
            err.println("replicalab: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof NodeStartException || e instanceof AdminClient.AdminCallException) {
            err.println("replicalab: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        err.println("replicalab: unexpected error: " + e + (isVerbose(parsed) ? "" : " (run with --verbose for details)"));
        if (isVerbose(parsed)) {
            e.printStackTrace(err);
        }
        return ExitCodes.FAILED;
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        return parsed != null && parsed.originalArgs().stream().anyMatch(a -> a.equals("-v") || a.equals("--verbose") || a.equals("-vv"));
    }

    /** Lets Guice build commands so they can receive the {@link BackendSelector}. */
    private record GuiceFactory(Injector injector) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return injector.getInstance(cls);
            } catch (com.google.inject.ConfigurationException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
