package io.replicalab.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.replicalab.api.config.FsyncPolicy;
import org.junit.jupiter.api.Test;

class InMemoryStorageEngineTest extends StorageEngineContract {
    @Override
    StorageEngine openEngine() {
        return new InMemoryStorageEngine();
    }

    @Test
    void isVolatileAndSaysSo() {
        assertFalse(engine.durable());
        assertEquals(new FsyncPolicy.Never(), engine.fsyncPolicy());
        assertEquals("memory, fsync=never (volatile)", engine.describe());
    }

    @Test
    void writesCompleteImmediately() {
        assertEquals(true, engine.put(ByteKeys.utf8("k"), ByteKeys.utf8("v")).toCompletableFuture().isDone());
    }
}
