package io.replicalab.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.config.FsyncPolicy;
import io.replicalab.api.config.StorageSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageEnginesTest {
    @TempDir
    Path root;

    @Test
    void memoryEngine() {
        try (StorageEngine e = StorageEngines.open(new StorageSpec("memory", root, "always"), root.resolve("kv"))) {
            assertInstanceOf(InMemoryStorageEngine.class, e);
            assertFalse(e.durable());
        }
    }

    @Test
    void rocksDbWithTheConfiguredPolicy() {
        Path dir = root.resolve("n1").resolve("kv");
        try (StorageEngine e = StorageEngines.open(new StorageSpec("rocksdb", root, "batch(7ms)"), dir)) {
            assertInstanceOf(RocksDbStorageEngine.class, e);
            assertEquals(new FsyncPolicy.Batch(Duration.ofMillis(7)), e.fsyncPolicy());
            assertEquals("rocksdb at " + dir.toAbsolutePath() + ", fsync=batch(7ms)", e.describe());
            assertTrue(e.durable());
        }
    }

    @Test
    void defaultsToRocksDbWithFsyncAlways() {
        try (StorageEngine e = StorageEngines.open(new StorageSpec(null, root, null), root.resolve("kv"))) {
            assertInstanceOf(RocksDbStorageEngine.class, e);
            assertEquals(new FsyncPolicy.Always(), e.fsyncPolicy());
        }
    }

    @Test
    void unknownEngineNamesTheValidOnes() {
        StorageException e = assertThrows(StorageException.class,
                () -> StorageEngines.open(new StorageSpec("leveldb", root, "never"), root.resolve("kv")));
        assertEquals("storage.engine: 'leveldb' is not an engine: use rocksdb or memory", e.getMessage());
    }
}
