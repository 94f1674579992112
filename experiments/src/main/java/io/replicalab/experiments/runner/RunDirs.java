package io.replicalab.experiments.runner;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Names of run and comparison directories ({@code runs/2026-11-23T13-30-00-leaderless/}). */
public final class RunDirs {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

    private RunDirs() {
    }

    public static Path forRun(Path out, String backend) {
        return unique(out, LocalDateTime.now().format(STAMP) + "-" + backend);
    }

    public static Path forComparison(Path out) {
        return unique(out, LocalDateTime.now().format(STAMP) + "-compare");
    }

    /** Two runs started within one second get -2, -3, ... rather than sharing a directory. */
    private static Path unique(Path out, String name) {
        Path dir = out.resolve(name);
        for (int i = 2; dir.toFile().exists(); i++) {
            dir = out.resolve(name + "-" + i);
        }
        return dir;
    }
}
