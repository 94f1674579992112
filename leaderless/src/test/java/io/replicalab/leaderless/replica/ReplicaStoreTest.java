package io.replicalab.leaderless.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replicalab.api.CausalContext;
import io.replicalab.api.Clock;
import io.replicalab.leaderless.conflict.LwwModel;
import io.replicalab.leaderless.version.LwwValue;
import io.replicalab.node.applylog.ApplyLogEntry;
import io.replicalab.node.storage.ByteKeys;
import io.replicalab.node.storage.InMemoryStorageEngine;
import io.replicalab.node.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplicaStoreTest {
    private final InMemoryStorageEngine storage = new InMemoryStorageEngine();

    private ReplicaStore<LwwValue> open() {
        return new ReplicaStore<>(storage, new LwwModel(), Clock.system());
    }

    @Test
    void applyLogRecordsEachNewWriteOnceInApplicationOrder() {
        ReplicaStore<LwwValue> store = open();
        store.write("a", bytes("1"), CausalContext.EMPTY, "n1").durable().join();
        LwwValue b = store.write("b", bytes("2"), CausalContext.EMPTY, "n1").durable().join();
        store.merge("b", b).join(); // the same state again: nothing new to apply

        List<ApplyLogEntry> log = store.applyLog(0);
        assertEquals(List.of("a", "b"), log.stream().map(ApplyLogEntry::key).toList());
        assertEquals(List.of(1L, 2L), log.stream().map(ApplyLogEntry::sequence).toList());
    }

    @Test
    void restartContinuesAfterTheHighestLoggedSequenceEvenWhenTheStoredCounterIsBehind() {
        ReplicaStore<LwwValue> store = open();
        store.write("a", bytes("1"), CausalContext.EMPTY, "n1").durable().join();
        store.write("b", bytes("2"), CausalContext.EMPTY, "n1").durable().join();
        // Two batches that reached the engine in the other order than their sequences: the counter says
        // 1 while entry 2 is on disk.
        storage.write(new WriteBatch().put(ByteKeys.utf8("m/seq"), ByteBuffer.allocate(8).putLong(1).array()))
                .toCompletableFuture().join();

        ReplicaStore<LwwValue> reopened = open();
        reopened.write("c", bytes("3"), CausalContext.EMPTY, "n1").durable().join();

        List<ApplyLogEntry> log = reopened.applyLog(0);
        assertEquals(List.of("a", "b", "c"), log.stream().map(ApplyLogEntry::key).toList(),
                "the write after restart must not overwrite b's entry");
        assertEquals(3L, log.get(2).sequence());
    }

    /**
     * One machine, one clock: n2 coordinates a write and n1 coordinates the next one within the same
     * millisecond. n1's write began after n2's was acknowledged, so it must win, although "n2" > "n1"
     * would win a tie of millisecond stamps.
     */
    @Test
    void aWriteCoordinatedAfterAnotherInTheSameMillisecondWinsWhateverTheWriterIds() {
        AtomicLong micros = new AtomicLong(1_700_000_000_000_100L);
        Clock oneClock = new Clock() {
            @Override
            public long currentTimeMillis() {
                return micros.get() / 1000;
            }

            @Override
            public long currentTimeMicros() {
                return micros.getAndAdd(50); // every reading 50 us later, all in one millisecond
            }
        };
        ReplicaStore<LwwValue> n1 = new ReplicaStore<>(storage, new LwwModel(), oneClock);
        ReplicaStore<LwwValue> n2 = new ReplicaStore<>(new InMemoryStorageEngine(), new LwwModel(), oneClock);

        LwwValue first = n2.write("k", bytes("first"), CausalContext.EMPTY, "n2").durable().join();
        n1.merge("k", first).join();
        LwwValue second = n1.write("k", bytes("second"), CausalContext.EMPTY, "n1").durable().join();

        assertEquals("second", new String(second.value(), StandardCharsets.UTF_8));
        assertEquals(first.timestampMicros() / 1000, second.timestampMicros() / 1000, "one millisecond");
        assertEquals(second, n2.merge("k", second).join(), "and it wins on the other replica too");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
