package io.replicalab.node.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.replicalab.api.config.FsyncPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a process writing under {@code fsync=always} loses no acked write. */
class StorageCrashTest {
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path root;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAckedWriteSurvivesKill9() throws Exception {
        Path dir = root.resolve("kv").toAbsolutePath();
        Path childErr = root.resolve("child.err");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StorageCrashChild.class.getName(), dir.toString())
                .redirectError(childErr.toFile())
                .start();
        List<Integer> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                acked.add(Integer.parseInt(line.strip()));
            }
            if (acked.size() < ACKS_BEFORE_KILL) {
                fail("child stopped after " + acked.size() + " acks: " + Files.readString(childErr));
            }

            // While the child holds the DB, this process must be refused, not share the files.
            StorageException inUse = assertThrows(StorageException.class,
                    () -> RocksDbStorageEngine.open(dir, new FsyncPolicy.Always()));
            System.out.println("other-process lock: " + inUse.getMessage() + " / rocksdb: " + inUse.getCause().getMessage());
            assertTrue(inUse.getMessage().contains("is in use by another process"), inUse.getMessage());

            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
            // pipe, and with it the acks the child printed just before dying.
            assertTrue(child.toHandle().destroyForcibly(), "cannot kill the child");
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
            // Acks already in the pipe were given before the kill: they count too. Keys are
            // written in order, so a line the kill cut short names an earlier, acked key anyway.
            while ((line = out.readLine()) != null) {
                if (!line.isBlank()) {
                    acked.add(Integer.parseInt(line.strip()));
                }
            }
        } finally {
            child.destroyForcibly();
        }

        int last = acked.stream().mapToInt(Integer::intValue).max().orElseThrow();
        try (RocksDbStorageEngine engine = RocksDbStorageEngine.open(dir, new FsyncPolicy.Always())) {
            for (int i = 0; i <= last; i++) {
                byte[] value = engine.get(StorageCrashChild.key(i))
                        .orElseThrow(() -> new AssertionError("acked key lost in the crash"));
                assertArrayEquals(StorageCrashChild.value(i), value);
            }
            // At most the one write in flight at the kill got in without its ack being read.
            int stored = StorageEngineContract.drain(engine.scan(null, null)).size();
            assertTrue(stored == last + 1 || stored == last + 2, "stored " + stored + ", last ack " + last);
        }
        assertEquals(last + 1, acked.stream().distinct().count(), "the child acks keys in order");
    }
}
