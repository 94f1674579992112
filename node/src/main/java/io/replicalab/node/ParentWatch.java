package io.replicalab.node;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a process launched by a harness stop when its launcher dies: the launcher holds the write end of
 * the process's stdin and never writes, so end of file on stdin means it is gone (even after a
 * {@code kill -9}), and no orphan node or service outlives a killed test run.
 */
public final class ParentWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);

    private ParentWatch() {
    }

    /** Starts a daemon thread that exits this JVM (status 0, shutdown hooks run) at end of stdin. */
    public static void exitWhenStdinCloses(String what) {
        Thread watch = new Thread(() -> {
            try {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                    // the launcher never writes; anything read is ignored
                }
            } catch (IOException e) {
                LOG.warn("{}: stdin of the parent watch failed ({}), stopping", what, e.toString());
            }
            LOG.warn("{}: the launching process is gone (stdin closed), stopping", what);
            System.exit(0);
        }, "parent-watch-" + what);
        watch.setDaemon(true);
        watch.start();
    }
}
