package io.replicalab.node.storage;

import static io.replicalab.node.storage.ByteKeys.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StorageEngine} must do; each engine's test class extends this. */
abstract class StorageEngineContract {
    StorageEngine engine;

    /** A fresh, empty engine. */
    abstract StorageEngine openEngine() throws Exception;

    @BeforeEach
    void openIt() throws Exception {
        engine = openEngine();
    }

    @AfterEach
    void closeIt() {
        engine.close();
    }

    static void await(java.util.concurrent.CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("write did not complete: " + e, e);
        }
    }

    static byte[] b(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    static List<Entry> drain(CloseableIterator<Entry> it) {
        try (it) {
            List<Entry> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }
    }

    static List<String> keysOf(List<Entry> entries) {
        return entries.stream().map(e -> ByteKeys.show(e.key())).toList();
    }

    String value(String key) {
        return engine.get(utf8(key)).map(v -> new String(v, java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void putGetDelete() {
        assertTrue(engine.get(utf8("k")).isEmpty());
        await(engine.put(utf8("k"), utf8("v1")));
        assertEquals("v1", value("k"));
        await(engine.delete(utf8("k")));
        assertTrue(engine.get(utf8("k")).isEmpty());
        await(engine.delete(utf8("never-there"))); // deleting an absent key is fine
    }

    @Test
    void overwriteKeepsTheLastValue() {
        await(engine.put(utf8("k"), utf8("v1")));
        await(engine.put(utf8("k"), utf8("v2")));
        assertEquals("v2", value("k"));
        assertEquals(1, drain(engine.scan(null, null)).size());
    }

    @Test
    void emptyValueIsPresentNotAbsent() {
        await(engine.put(utf8("empty"), new byte[0]));
        Optional<byte[]> v = engine.get(utf8("empty"));
        assertTrue(v.isPresent());
        assertEquals(0, v.get().length);
        assertTrue(engine.get(utf8("absent")).isEmpty());
        assertEquals(List.of(new Entry(utf8("empty"), new byte[0])), drain(engine.scan(null, null)));
    }

    @Test
    void batchAppliesAllOpsInOrder() {
        await(engine.put(utf8("gone"), utf8("x")));
        await(engine.write(new WriteBatch()
                .put(utf8("a"), utf8("1"))
                .put(utf8("b"), utf8("2"))
                .delete(utf8("gone"))
                .put(utf8("a"), utf8("3"))   // a later op on the same key wins
                .put(utf8("c"), utf8("4"))
                .delete(utf8("c"))));
        assertEquals("3", value("a"));
        assertEquals("2", value("b"));
        assertEquals(null, value("c"));
        assertEquals(null, value("gone"));
        await(engine.write(new WriteBatch())); // an empty batch is a no-op that still completes
    }

    @Test
    void batchIsAtomicForConcurrentReaders() throws Exception {
        // A writer moves a "token" between two keys in one batch; a reader scanning both must
        // always see exactly one of them.
        await(engine.put(utf8("x/a"), utf8("token")));
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                String from = i % 2 == 0 ? "x/a" : "x/b";
                String to = i % 2 == 0 ? "x/b" : "x/a";
                await(engine.write(new WriteBatch().delete(utf8(from)).put(utf8(to), utf8("token"))));
            }
        });
        writer.start();
        while (writer.isAlive()) {
            assertEquals(1, drain(engine.scanPrefix(utf8("x/"))).size());
        }
        writer.join();
        assertEquals(1, drain(engine.scanPrefix(utf8("x/"))).size());
    }

    @Test
    void callerMayReuseItsArraysAfterWriting() {
        byte[] key = utf8("k");
        byte[] value = utf8("v");
        await(engine.put(key, value));
        value[0] = 'X';
        key[0] = 'Y';
        assertEquals("v", value("k"));
        engine.get(utf8("k")).orElseThrow()[0] = 'Z'; // mutating a read result changes nothing
        assertEquals("v", value("k"));
    }

    @Test
    void scanUsesUnsignedOrderAndHalfOpenRanges() {
        byte[][] keys = {b(0x00), b(0x01), b(0x7f), b(0x7f, 0xff), b(0x80), b(0x80, 0x00), b(0xfe), b(0xff), b(0xff, 0xff)};
        // Written out of order on purpose.
        for (int i = keys.length - 1; i >= 0; i--) {
            await(engine.put(keys[i], b(i)));
        }
        List<Entry> all = drain(engine.scan(null, null));
        assertEquals(keys.length, all.size());
        for (int i = 0; i < keys.length; i++) {
            assertArrayEquals(keys[i], all.get(i).key(), "position " + i);
            assertArrayEquals(b(i), all.get(i).value());
        }
        assertEquals(List.of("\"\\x7f\"", "\"\\x7f\\xff\""), keysOf(drain(engine.scan(b(0x7f), b(0x80)))));
        assertEquals(List.of("\"\\x80\"", "\"\\x80\\x00\"", "\"\\xfe\""), keysOf(drain(engine.scan(b(0x80), b(0xff)))));
        assertEquals(List.of("\"\\x00\"", "\"\\x01\""), keysOf(drain(engine.scan(null, b(0x7f)))));
        assertEquals(List.of("\"\\xff\"", "\"\\xff\\xff\""), keysOf(drain(engine.scan(b(0xff), null))));
        assertEquals(List.of(), drain(engine.scan(b(0x80), b(0x80))));
        assertEquals(List.of(), drain(engine.scan(b(0xff), b(0x01)))); // from after to: empty
    }

    @Test
    void prefixScanStopsAtThePrefixEnd() {
        for (String k : List.of("user/1", "user/2", "user0", "use", "users/9", "user/\u00e9")) {
            await(engine.put(utf8(k), utf8(k)));
        }
        await(engine.put(b(0x75, 0x73, 0xff), b(1)));   // "us" + 0xff
        await(engine.put(b(0x75, 0x73, 0xff, 0xff), b(2)));
        await(engine.put(b(0x75, 0x74), b(3)));          // "ut": just past prefix "us"+0xff
        assertEquals(List.of("\"user/1\"", "\"user/2\"", "\"user/\\xc3\\xa9\""), keysOf(drain(engine.scanPrefix(utf8("user/")))));
        assertEquals(List.of("\"us\\xff\"", "\"us\\xff\\xff\""), keysOf(drain(engine.scanPrefix(b(0x75, 0x73, 0xff)))));
        assertEquals(9, drain(engine.scanPrefix(new byte[0])).size());
        assertEquals(List.of(), drain(engine.scanPrefix(utf8("nope"))));
    }

    @Test
    void scanDoesNotSeeWritesMadeAfterItStarted() {
        for (int i = 0; i < 10; i++) {
            await(engine.put(utf8("k" + i), utf8("old")));
        }
        try (CloseableIterator<Entry> it = engine.scan(null, null)) {
            assertTrue(it.hasNext());
            it.next();
            await(engine.put(utf8("k5"), utf8("new")));
            await(engine.put(utf8("k99"), utf8("new")));
            await(engine.delete(utf8("k7")));
            List<Entry> rest = new ArrayList<>();
            it.forEachRemaining(rest::add);
            assertEquals(9, rest.size());
            assertTrue(rest.stream().allMatch(e -> new String(e.value(), java.nio.charset.StandardCharsets.UTF_8).equals("old")));
        }
    }

    @Test
    void exhaustedAndClosedIteratorsBehave() {
        await(engine.put(utf8("a"), utf8("1")));
        CloseableIterator<Entry> it = engine.scan(null, null);
        assertTrue(it.hasNext());
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        it.close();
        it.close(); // idempotent
        CloseableIterator<Entry> early = engine.scan(null, null);
        early.close();
        assertFalse(early.hasNext());
    }

    @Test
    void operationsAfterCloseThrowStorageClosed() {
        await(engine.put(utf8("a"), utf8("1")));
        CloseableIterator<Entry> open = engine.scan(null, null);
        engine.close();
        engine.close(); // idempotent
        List<org.junit.jupiter.api.function.Executable> ops = List.of(
                () -> engine.get(utf8("a")),
                () -> engine.put(utf8("a"), utf8("2")),
                () -> engine.delete(utf8("a")),
                () -> engine.write(new WriteBatch().put(utf8("b"), utf8("1"))),
                () -> engine.scan(null, null),
                () -> engine.scanPrefix(utf8("a")),
                open::hasNext);
        for (var op : ops) {
            StorageException e = assertThrows(StorageException.class, op);
            assertEquals("storage closed", e.getMessage());
        }
        open.close(); // closing an iterator of a closed engine is harmless
    }

    @Test
    void describesItself() {
        assertTrue(engine.describe().contains("fsync=" + engine.fsyncPolicy()), engine.describe());
    }
}
