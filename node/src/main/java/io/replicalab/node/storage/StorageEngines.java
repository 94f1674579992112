package io.replicalab.node.storage;

import io.replicalab.api.config.FsyncPolicy;
import io.replicalab.api.config.StorageSpec;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the engine a node's {@code storage:} section asks for. */
public final class StorageEngines {
    private StorageEngines() {
    }

    /**
     * @param spec the node's storage config
     * @param dir the directory of this store (e.g. {@code <node data dir>/kv}); unused by the memory engine
     */
    public static StorageEngine open(StorageSpec spec, Path dir) {
        // Parsed for both engines so a typo in storage.fsync is reported even with engine: memory.
        FsyncPolicy policy = spec.fsyncPolicy();
        String engine = spec.engine().trim().toLowerCase(Locale.ROOT);
        return switch (engine) {
            case StorageSpec.MEMORY -> new InMemoryStorageEngine();
            case StorageSpec.ROCKSDB -> RocksDbStorageEngine.open(dir, policy);
            default -> throw new StorageException("storage.engine: '" + spec.engine()
                    + "' is not an engine: use " + StorageSpec.ROCKSDB + " or " + StorageSpec.MEMORY);
        };
    }
}
