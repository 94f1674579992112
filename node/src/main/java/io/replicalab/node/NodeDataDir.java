package io.replicalab.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The data directory of one node, held for the node's lifetime. It records which node of which
 * cluster owns it and holds an OS file lock, so two nodes (or two processes of one node) can never
 * share a directory: the second one fails at start with a message instead of corrupting the first.
 */
public final class NodeDataDir implements AutoCloseable {
    static final String IDENTITY_FILE = "NODE_IDENTITY";
    static final String LOCK_FILE = "NODE_LOCK";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private String incarnation;

    private NodeDataDir(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates (if needed), claims and locks {@code dir} for {@code nodeId} of cluster {@code clusterName}. */
    public static NodeDataDir open(Path dir, String clusterName, String nodeId) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new NodeStartException("cannot create storage dir " + dir + " for " + nodeId + ": " + e
                    + ": check storage.dir and its permissions");
        }
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
        } catch (IOException e) {
            throw new NodeStartException("cannot lock storage dir " + dir + ": " + e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new NodeStartException("storage dir " + dir + " is in use by another node or process: "
                    + "give each node its own storage dir or stop the other process");
        }
        NodeDataDir dataDir = new NodeDataDir(dir, channel, lock);
        try {
            dataDir.claim(clusterName, nodeId);
        } catch (RuntimeException e) {
            dataDir.close();
            throw e;
        }
        return dataDir;
    }

    /**
     * Checks the dir belongs to this node, or claims an empty one. The identity file also holds an
     * incarnation id, new whenever the dir starts empty (first start or after a wipe), so protocols
     * can tell a restarted node (same incarnation, same data) from a wiped one (new incarnation).
     */
    private void claim(String clusterName, String nodeId) {
        String owner = "cluster=" + clusterName + "\nnode=" + nodeId + "\n";
        Path file = dir.resolve(IDENTITY_FILE);
        try {
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            if (!existing.startsWith(owner)) {
                throw new NodeStartException("storage dir " + dir + " belongs to "
                        + existing.lines().limit(2).reduce((a, b) -> a + " " + b).orElse("?")
                        + ", not to cluster=" + clusterName + " node=" + nodeId
                        + ": give each node its own storage dir, or wipe this one");
            }
            incarnation = existing.lines().filter(l -> l.startsWith("incarnation=")).findFirst()
                    .map(l -> l.substring("incarnation=".length())).orElse("0");
        } catch (NoSuchFileException e) {
            incarnation = Long.toHexString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE);
            try {
                Files.writeString(file, owner + "incarnation=" + incarnation + "\n", StandardCharsets.UTF_8);
            } catch (IOException io) {
                throw new NodeStartException("cannot write " + file + ": " + io);
            }
        } catch (IOException e) {
            throw new NodeStartException("cannot read " + file + ": " + e);
        }
    }

    /** Random id of this dir's life since it was last empty (see {@link #claim}). */
    public String incarnation() {
        return incarnation;
    }

    public Path path() {
        return dir;
    }

    /** A subdirectory for one store of the node (e.g. "kv", "raft"). */
    public Path subdir(String name) {
        return dir.resolve(name);
    }

    /** Deletes everything a node stored under {@code dir}: the "wipe disk" fault. The node must be stopped. */
    public static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // The channel close below releases it anyway.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to do on a failed close of a lock file.
        }
    }
}
