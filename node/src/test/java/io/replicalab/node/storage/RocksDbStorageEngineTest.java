package io.replicalab.node.storage;

import static io.replicalab.node.storage.ByteKeys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.config.FsyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RocksDbStorageEngineTest extends StorageEngineContract {
    @TempDir
    Path root;

    @Override
    StorageEngine openEngine() {
        return RocksDbStorageEngine.open(root.resolve("contract"), FsyncPolicy.parse("batch(2ms)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"always", "batch(5ms)", "never"})
    void reopenKeepsEveryAckedWrite(String fsync) {
        Path dir = root.resolve("reopen");
        FsyncPolicy policy = FsyncPolicy.parse(fsync);
        try (RocksDbStorageEngine db = RocksDbStorageEngine.open(dir, policy)) {
            assertEquals("rocksdb at " + dir.toAbsolutePath() + ", fsync=" + fsync, db.describe());
            assertTrue(db.durable());
            for (int i = 0; i < 100; i++) {
                await(db.put(utf8("k" + i), utf8("v" + i)));
            }
            await(db.write(new WriteBatch().delete(utf8("k0")).put(utf8("extra"), new byte[0])));
        }
        try (RocksDbStorageEngine db = RocksDbStorageEngine.open(dir, policy)) {
            assertTrue(db.get(utf8("k0")).isEmpty());
            for (int i = 1; i < 100; i++) {
                assertEquals("v" + i, new String(db.get(utf8("k" + i)).orElseThrow(), StandardCharsets.UTF_8));
            }
            assertEquals(0, db.get(utf8("extra")).orElseThrow().length);
            assertEquals(99, drain(db.scanPrefix(utf8("k"))).size());
        }
    }

    @Test
    void missingParentDirsAreCreated() {
        Path dir = root.resolve("a/b/c/kv");
        try (RocksDbStorageEngine db = RocksDbStorageEngine.open(dir, new FsyncPolicy.Never())) {
            await(db.put(utf8("k"), utf8("v")));
        }
        assertTrue(Files.isRegularFile(dir.resolve("CURRENT")));
    }

    @Test
    void secondOpenWhileOpenIsRefusedAsInUse() {
        Path dir = root.resolve("locked");
        try (RocksDbStorageEngine first = RocksDbStorageEngine.open(dir, new FsyncPolicy.Never())) {
            StorageException e = assertThrows(StorageException.class, () -> RocksDbStorageEngine.open(dir, new FsyncPolicy.Never()));
            System.out.println("lock message: " + e.getMessage() + " / rocksdb: " + e.getCause().getMessage());
            assertEquals("rocksdb at " + dir.toAbsolutePath() + " is in use by another process: "
                    + "stop the other node or use another storage.dir", e.getMessage());
            await(first.put(utf8("still"), utf8("works")));
        }
        RocksDbStorageEngine.open(dir, new FsyncPolicy.Never()).close(); // free again after close
    }

    @ParameterizedTest
    @ValueSource(strings = {"CURRENT", "MANIFEST"})
    void aCorruptFileIsReportedAsCorruptWithTheDir(String file) throws Exception {
        Path dir = root.resolve("corrupt");
        try (RocksDbStorageEngine db = RocksDbStorageEngine.open(dir, new FsyncPolicy.Always())) {
            for (int i = 0; i < 50; i++) {
                await(db.put(utf8("k" + i), utf8("v" + i)));
            }
        }
        Path target;
        try (Stream<Path> files = Files.list(dir)) {
            target = files.filter(p -> p.getFileName().toString().startsWith(file)).findFirst().orElseThrow();
        }
        byte[] garbage = new byte[(int) Math.max(64, Files.size(target))];
        new java.util.Random(42).nextBytes(garbage);
        Files.write(target, garbage);
        StorageException e = assertThrows(StorageException.class, () -> RocksDbStorageEngine.open(dir, new FsyncPolicy.Always()));
        System.out.println(file + " message: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("rocksdb at " + dir.toAbsolutePath() + " is corrupt ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): restore it from a replica or wipe the dir to rejoin empty"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void concurrentWritersUnderAlwaysAreAllAckedAndDurable() throws Exception {
        Path dir = root.resolve("concurrent");
        int threads = 8;
        int perThread = 500;
        try (RocksDbStorageEngine db = RocksDbStorageEngine.open(dir, new FsyncPolicy.Always())) {
            long fsyncsBefore = db.ackFsyncs();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        // Each thread keeps several writes in flight, like a protocol with pipelining.
                        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            inFlight.add(db.put(utf8(thread + "/" + i), utf8("v" + i)).toCompletableFuture());
                            if (inFlight.size() == 16) {
                                inFlight.forEach(CompletableFuture::join);
                                inFlight.clear();
                            }
                        }
                        inFlight.forEach(CompletableFuture::join);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            // Group commit: concurrent writers share fsyncs (with 128 writes in flight, one per
            // write would mean the committer never found a second write queued).
            long fsyncs = db.ackFsyncs() - fsyncsBefore;
            assertTrue(fsyncs > 0 && fsyncs < threads * perThread, "fsyncs: " + fsyncs);
        }
        try (RocksDbStorageEngine db = RocksDbStorageEngine.open(dir, new FsyncPolicy.Always())) {
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread, drain(db.scanPrefix(utf8(t + "/"))).size(), "thread " + t);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"always", "batch(50ms)"})
    void closeSettlesEveryAcceptedWrite(String fsync) {
        Path dir = root.resolve("settle");
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        RocksDbStorageEngine db = RocksDbStorageEngine.open(dir, FsyncPolicy.parse(fsync));
        for (int i = 0; i < 200; i++) {
            futures.add(db.put(utf8("k" + i), utf8("v")).toCompletableFuture());
        }
        db.close();
        // Every future is done the moment close returns: none left hanging, and here none failed.
        for (CompletableFuture<Void> f : futures) {
            assertTrue(f.isDone());
            f.join();
        }
        assertThrows(StorageException.class, () -> db.put(utf8("late"), utf8("v")));
        try (RocksDbStorageEngine again = RocksDbStorageEngine.open(dir, FsyncPolicy.parse(fsync))) {
            assertEquals(200, drain(again.scan(null, null)).size());
        }
    }

    @Test
    void writesRacingCloseEitherSucceedOrFailWithStorageClosed() throws Exception {
        Path dir = root.resolve("race");
        RocksDbStorageEngine db = RocksDbStorageEngine.open(dir, new FsyncPolicy.Always());
        List<CompletableFuture<Void>> acked = new ArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; ; i++) {
                try {
                    acked.add(db.put(utf8("k" + i), utf8("v")).toCompletableFuture());
                } catch (StorageException e) {
                    assertEquals("storage closed", e.getMessage());
                    return;
                }
            }
        });
        writer.start();
        while (acked.size() < 50 && writer.isAlive()) {
            Thread.onSpinWait();
        }
        db.close();
        writer.join(TimeUnit.SECONDS.toMillis(30));
        int ok = 0;
        for (CompletableFuture<Void> f : List.copyOf(acked)) {
            assertTrue(f.isDone());
            try {
                f.join();
                ok++;
            } catch (CompletionException e) {
                throw new AssertionError("accepted write failed", e);
            }
        }
        try (RocksDbStorageEngine again = RocksDbStorageEngine.open(dir, new FsyncPolicy.Always())) {
            assertEquals(ok, drain(again.scan(null, null)).size());
        }
    }

    @Test
    void batchPolicyAcksAfterASharedWalSync() {
        try (RocksDbStorageEngine db = RocksDbStorageEngine.open(root.resolve("batch"), FsyncPolicy.parse("batch(20ms)"))) {
            assertEquals(0, db.ackFsyncs());
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(db.put(utf8("k" + i), utf8("v")).toCompletableFuture());
            }
            futures.forEach(CompletableFuture::join);
            long fsyncs = db.ackFsyncs();
            assertTrue(fsyncs >= 1 && fsyncs < 200, "fsyncs: " + fsyncs);
            assertTrue(db.get(utf8("k199")).isPresent());
        }
    }

    @Test
    void neverPolicyAcksWithoutFsync() {
        try (RocksDbStorageEngine db = RocksDbStorageEngine.open(root.resolve("never"), new FsyncPolicy.Never())) {
            assertTrue(db.put(utf8("k"), utf8("v")).toCompletableFuture().isDone());
            assertEquals(0, db.ackFsyncs());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"always", "batch(5ms)"})
    @org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.SECONDS,
            threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void callbacksThatUseOrCloseTheEngineDoNotDeadlockClose(String fsync) throws Exception {
        // Completion callbacks run on the engine's own thread; one that reads the engine, or
        // closes it (a node stopping on a write error), must not hang close().
        RocksDbStorageEngine db = RocksDbStorageEngine.open(root.resolve("callbacks"), FsyncPolicy.parse(fsync));
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(db.put(utf8("k" + i), utf8("v")).toCompletableFuture().thenRun(() -> {
                try {
                    db.get(utf8("k0"));
                } catch (StorageException closed) {
                    assertEquals("storage closed", closed.getMessage());
                }
            }));
        }
        CompletableFuture<Void> closedByCallback = db.put(utf8("last"), utf8("v")).toCompletableFuture().thenRun(db::close);
        for (int i = 0; i < 100; i++) {
            try {
                futures.add(db.put(utf8("more" + i), utf8("v")).toCompletableFuture());
            } catch (StorageException closed) {
                break; // the callback closed it already
            }
        }
        // Bounded waits: a deadlocked close must fail this test, not hang the build.
        closedByCallback.get(20, TimeUnit.SECONDS);
        db.close();
        for (CompletableFuture<Void> f : futures) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThrows(StorageException.class, () -> db.get(utf8("k0")));
    }
}
