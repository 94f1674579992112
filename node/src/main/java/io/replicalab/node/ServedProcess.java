package io.replicalab.node;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a process a harness launches (a node, a cluster service): it serves until SIGTERM (closing
 * what it serves in a shutdown hook) or SIGKILL, and optionally until its launcher dies: the launcher
 * holds the write end of the process's stdin and never writes, so end of file on stdin means it is gone
 * (even after a {@code kill -9}), and no orphan outlives a killed test run.
 */
public final class ServedProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ServedProcess.class);
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(10);

    private ServedProcess() {
    }

    /**
     * Closes {@code server} at shutdown, watches stdin when {@code exitWithParent}, runs {@code announceReady}
     * (the ready line a launcher waits for) and blocks until shutdown.
     */
    public static void serve(String name, AutoCloseable server, boolean exitWithParent, Runnable announceReady)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("{}: closing failed at shutdown: {}", name, e.toString());
            } finally {
                stopped.countDown();
            }
        }, "shutdown-" + name.replace(' ', '-')));
        if (exitWithParent) {
            exitWhenStdinCloses(name);
        }
        announceReady.run();
        stopped.await();
    }

    /** Starts a daemon thread that exits this JVM (status 0, shutdown hooks run) at end of stdin. */
    private static void exitWhenStdinCloses(String name) {
        Thread watch = new Thread(() -> {
            try {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                    // the launcher never writes; anything read is ignored
                }
            } catch (IOException e) {
                LOG.warn("{}: stdin of the parent watch failed ({}), stopping", name, e.toString());
            }
            LOG.warn("{}: the launching process is gone (stdin closed), stopping", name);
            // Nobody is left to kill this process if its graceful close hangs: halt after a grace period.
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(ORPHAN_GRACE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                LOG.warn("{}: close did not finish within {} s of the launcher's exit, halting", name, ORPHAN_GRACE.toSeconds());
                Runtime.getRuntime().halt(1);
            }, "orphan-halt-" + name.replace(' ', '-'));
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        }, "parent-watch-" + name.replace(' ', '-'));
        watch.setDaemon(true);
        watch.start();
    }
}
