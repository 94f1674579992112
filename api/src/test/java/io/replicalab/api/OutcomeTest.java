package io.replicalab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void definiteFailuresFailAndEverythingElseIsUnknown() {
        assertEquals(Outcome.FAIL, Outcome.ofFailure(new UnavailableException("2 of 3 replicas down")));
        assertEquals(Outcome.FAIL, Outcome.ofFailure(new InvalidRequestException("empty key")));
        assertEquals(Outcome.FAIL, Outcome.ofFailure(new ConflictException("stale epoch")));
        assertEquals(Outcome.INFO, Outcome.ofFailure(new OperationTimeoutException("no answer in 2s")));
        assertEquals(Outcome.INFO, Outcome.ofFailure(new ConnectionLostException("reset")));
        // Not ours: we cannot prove it did not apply.
        assertEquals(Outcome.INFO, Outcome.ofFailure(new IllegalStateException("bug")));
        assertEquals(Outcome.INFO, Outcome.ofFailure(new java.util.concurrent.TimeoutException()));
    }

    @Test
    void unwrapsFutureWrappers() {
        UnavailableException cause = new UnavailableException("down");
        assertEquals(Outcome.FAIL, Outcome.ofFailure(new CompletionException(new ExecutionException(cause))));
        assertSame(cause, Outcome.unwrap(new CompletionException(cause)));
    }

    @Test
    void blockingFacadeRethrowsTheTypedError() {
        KvClient failing = new FailingClient(new OperationTimeoutException("2s"));
        OperationTimeoutException e = assertThrows(OperationTimeoutException.class, () -> failing.blocking().get("k"));
        assertEquals("2s", e.getMessage());
        KvClient broken = new FailingClient(new IllegalStateException("bug"));
        ConnectionLostException unknown = assertThrows(ConnectionLostException.class, () -> broken.blocking().put("k", new byte[1]));
        assertEquals(Outcome.INFO, unknown.outcome());
    }

    @Test
    void versionedRefusesToPickASibling() {
        Versioned<String> siblings = new Versioned<>(List.of("milk", "bread"), CausalContext.of(new byte[] {1}));
        assertTrue(siblings.hasSiblings());
        assertThrows(ConflictException.class, siblings::value);
        assertEquals("milk", Versioned.of("milk", CausalContext.EMPTY).value());
        assertThrows(java.util.NoSuchElementException.class, () -> Versioned.absent(CausalContext.EMPTY).value());
    }

    @Test
    void causalContextRoundTripsThroughText() {
        CausalContext ctx = CausalContext.of(new byte[] {0, 1, (byte) 0xff, 42});
        assertEquals(ctx, CausalContext.parse(ctx.toString()));
        assertSame(CausalContext.EMPTY, CausalContext.parse("-"));
        assertThrows(InvalidRequestException.class, () -> CausalContext.parse("not base64!"));
    }

    private record FailingClient(RuntimeException error) implements KvClient {
        @Override
        public CompletionStage<Versioned<byte[]>> get(String key, ReadOptions options) {
            return CompletableFuture.failedFuture(error);
        }

        @Override
        public CompletionStage<CausalContext> put(String key, byte[] value, CausalContext context, WriteOptions options) {
            return CompletableFuture.failedFuture(error);
        }

        @Override
        public CompletionStage<Void> delete(String key, CausalContext context, WriteOptions options) {
            return CompletableFuture.failedFuture(error);
        }

        @Override
        public CompletionStage<Boolean> compareAndSet(String key, Precondition expected, byte[] newValue, WriteOptions options) {
            return CompletableFuture.failedFuture(error);
        }

        @Override
        public void close() {
        }
    }
}
