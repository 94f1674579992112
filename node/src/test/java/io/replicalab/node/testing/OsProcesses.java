package io.replicalab.node.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the operating system says about a process, for tests that must show a real signal reached a
 * real process (Linux {@code /proc}): its scheduler state, whether it is gone, which node processes
 * descend from a launcher.
 */
public final class OsProcesses {
    private OsProcesses() {
    }

    /**
     * The state letter of {@code /proc/PID/stat} ({@code R} running, {@code S} sleeping, {@code T} stopped by
     * a signal, {@code Z} exited but not reaped yet...), or empty when there is no such process.
     */
    public static Optional<Character> state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // "pid (command name, which may contain spaces and parentheses) S ...": the state follows the last ')'.
            return Optional.of(stat.charAt(stat.lastIndexOf(')') + 2));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // the process vanished between listing and reading
            return Optional.empty();
        }
    }

    /**
     * True when the process is over: not alive for the JVM (which also compares the start time, so a reused
     * pid does not count), or a zombie (it has exited; an orphan waits there for a reaper that may be slow).
     */
    public static boolean isGone(ProcessHandle p) {
        return !p.isAlive() || state(p.pid()).map(s -> s == 'Z' || s == 'X').orElse(true);
    }

    /** Live descendants of {@code root} whose command line has an argument equal to each of {@code arguments}. */
    public static List<ProcessHandle> descendantsWith(ProcessHandle root, String... arguments) {
        return root.descendants().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p.pid()).containsAll(List.of(arguments))).toList();
    }

    /**
     * The command line of {@code pid} from {@code /proc/PID/cmdline} (empty when gone). Not
     * {@code ProcessHandle.info().arguments()}: the JDK reads only the first page of it and returns nothing
     * for a longer one, which a JVM with a test classpath has.
     */
    public static List<String> commandLine(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
