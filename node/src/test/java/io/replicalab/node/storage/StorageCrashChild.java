package io.replicalab.node.storage;

import io.replicalab.api.config.FsyncPolicy;
import java.nio.file.Path;

/**
 * The victim of {@link StorageCrashTest}: writes keys 0, 1, 2, ... one at a time under
 * {@code fsync=always} and prints each key's number once its write is acked, until killed.
 * Nothing else goes to stdout (logs go to stderr), so every stdout line is an ack.
 */
public final class StorageCrashChild {
    static final int MAX_KEYS = 100_000;

    private StorageCrashChild() {
    }

    public static void main(String[] args) {
        RocksDbStorageEngine engine = RocksDbStorageEngine.open(Path.of(args[0]), new FsyncPolicy.Always());
        for (int i = 0; i < MAX_KEYS; i++) {
            engine.put(key(i), value(i)).toCompletableFuture().join();
            System.out.println(i);
            System.out.flush();
        }
        // Never closed on purpose: the parent kills this process long before it gets here.
    }

    static byte[] key(int i) {
        return ByteKeys.utf8(String.format("key-%08d", i));
    }

    static byte[] value(int i) {
        return ByteKeys.utf8("value-" + i);
    }
}
