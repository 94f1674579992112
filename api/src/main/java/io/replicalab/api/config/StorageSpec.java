package io.replicalab.api.config;

import java.nio.file.Path;

/**
 * Where and how a node stores its data.
 *
 * @param engine {@code rocksdb} (default) or {@code memory}
 * @param dir parent of the per-node data dirs ({@code dir/<node-id>}); relative paths are resolved
 *            against the config file's directory
 * @param fsync see {@link FsyncPolicy}
 */
public record StorageSpec(String engine, Path dir, String fsync) {
    public static final String ROCKSDB = "rocksdb";
    public static final String MEMORY = "memory";

    public StorageSpec {
        engine = engine == null ? ROCKSDB : engine;
        fsync = fsync == null ? "always" : fsync;
    }

    public FsyncPolicy fsyncPolicy() {
        return FsyncPolicy.parse(fsync);
    }

    public Path nodeDir(String nodeId) {
        return dir.resolve(nodeId);
    }

    StorageSpec withDir(Path newDir) {
        return new StorageSpec(engine, newDir, fsync);
    }
}
