package io.replicalab.node.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replicalab.api.config.FsyncPolicy;
import io.replicalab.node.NodeDataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * RocksDbStorageEngine behaves like a sorted map: random sequences of puts, deletes, batches,
 * gets, range and prefix scans give the same answers as a {@link TreeMap} with unsigned key
 * order, before and after a reopen. Keys come from a tiny alphabet with bytes on both sides of
 * 0x80, so ops collide and unsigned-vs-signed ordering bugs show.
 */
class RocksDbModelPropertyTest {

    sealed interface Action {
    }

    record Put(byte[] key, byte[] value) implements Action {
        @Override
        public String toString() {
            return "put " + ByteKeys.show(key) + "=" + ByteKeys.show(value);
        }
    }

    record Delete(byte[] key) implements Action {
        @Override
        public String toString() {
            return "delete " + ByteKeys.show(key);
        }
    }

    record Batch(List<Action> ops) implements Action {
    }

    record Get(byte[] key) implements Action {
        @Override
        public String toString() {
            return "get " + ByteKeys.show(key);
        }
    }

    record Scan(byte[] from, byte[] to) implements Action {
        @Override
        public String toString() {
            return "scan [" + ByteKeys.show(from) + ", " + ByteKeys.show(to) + ")";
        }
    }

    record ScanPrefix(byte[] prefix) implements Action {
        @Override
        public String toString() {
            return "scanPrefix " + ByteKeys.show(prefix);
        }
    }

    @Property(tries = 50)
    void behavesLikeASortedMap(@ForAll("actions") List<Action> actions) throws IOException {
        Path dir = Files.createTempDirectory("rocksdb-model");
        try {
            TreeMap<byte[], byte[]> model = new TreeMap<>(ByteKeys.ORDER);
            try (RocksDbStorageEngine engine = RocksDbStorageEngine.open(dir, new FsyncPolicy.Never())) {
                for (Action action : actions) {
                    apply(action, engine, model);
                }
            }
            try (RocksDbStorageEngine engine = RocksDbStorageEngine.open(dir, new FsyncPolicy.Never())) {
                assertEquals(show(model), show(StorageEngineContract.drain(engine.scan(null, null))), "after reopen");
            }
        } finally {
            NodeDataDir.wipe(dir);
        }
    }

    private static void apply(Action action, StorageEngine engine, TreeMap<byte[], byte[]> model) {
        if (action instanceof Put p) {
            StorageEngineContract.await(engine.put(p.key(), p.value()));
            model.put(p.key(), p.value());
        } else if (action instanceof Delete d) {
            StorageEngineContract.await(engine.delete(d.key()));
            model.remove(d.key());
        } else if (action instanceof Batch b) {
            WriteBatch batch = new WriteBatch();
            for (Action op : b.ops()) {
                if (op instanceof Put p) {
                    batch.put(p.key(), p.value());
                    model.put(p.key(), p.value());
                } else if (op instanceof Delete d) {
                    batch.delete(d.key());
                    model.remove(d.key());
                }
            }
            StorageEngineContract.await(engine.write(batch));
        } else if (action instanceof Get g) {
            Optional<byte[]> actual = engine.get(g.key());
            assertEquals(model.containsKey(g.key()), actual.isPresent(), action.toString());
            actual.ifPresent(v -> assertArrayEquals(model.get(g.key()), v, action.toString()));
        } else if (action instanceof Scan s) {
            assertEquals(show(expectedRange(model, s.from(), s.to())),
                    show(StorageEngineContract.drain(engine.scan(s.from(), s.to()))), action.toString());
        } else if (action instanceof ScanPrefix s) {
            assertEquals(show(expectedRange(model, s.prefix(), ByteKeys.prefixEnd(s.prefix()))),
                    show(StorageEngineContract.drain(engine.scanPrefix(s.prefix()))), action.toString());
        }
    }

    /** The model's range, computed without the engine's own helpers except prefixEnd. */
    private static Map<byte[], byte[]> expectedRange(TreeMap<byte[], byte[]> model, byte[] from, byte[] to) {
        TreeMap<byte[], byte[]> out = new TreeMap<>(ByteKeys.ORDER);
        model.forEach((k, v) -> {
            if ((from == null || ByteKeys.compare(k, from) >= 0) && (to == null || ByteKeys.compare(k, to) < 0)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String show(Map<byte[], byte[]> map) {
        return map.entrySet().stream()
                .map(e -> ByteKeys.show(e.getKey()) + "=" + ByteKeys.show(e.getValue()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String show(List<Entry> entries) {
        return entries.stream().map(Entry::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<byte[]> keys = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 'a', (byte) 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff)
                .list().ofMaxSize(3)
                .map(RocksDbModelPropertyTest::toArray);
        Arbitrary<byte[]> values = Arbitraries.bytes().list().ofMaxSize(4).map(RocksDbModelPropertyTest::toArray);
        Arbitrary<Action> put = Combinators.combine(keys, values).as(Put::new);
        Arbitrary<Action> delete = keys.map(Delete::new);
        Arbitrary<Action> batch = Arbitraries.frequencyOf(Tuple.of(3, put), Tuple.of(1, delete))
                .list().ofMaxSize(6).map(Batch::new);
        Arbitrary<Action> get = keys.map(Get::new);
        Arbitrary<Action> scan = Combinators.combine(keys.injectNull(0.25), keys.injectNull(0.25)).as(Scan::new);
        Arbitrary<Action> prefix = keys.map(ScanPrefix::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(5, put), Tuple.of(2, delete), Tuple.of(2, batch),
                        Tuple.of(2, get), Tuple.of(2, scan), Tuple.of(1, prefix))
                .list().ofMaxSize(60);
    }

    private static byte[] toArray(List<Byte> bytes) {
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
