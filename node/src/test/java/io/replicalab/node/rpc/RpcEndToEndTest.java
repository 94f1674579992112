package io.replicalab.node.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.ConnectionLostException;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvException;
import io.replicalab.api.OperationTimeoutException;
import io.replicalab.api.Outcome;
import io.replicalab.api.UnavailableException;
import io.replicalab.node.testing.TestClusters;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client and server over real loopback sockets, with faults injected between them. */
class RpcEndToEndTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final Duration SHORT = Duration.ofMillis(300);

    private final MessageRegistry registry = TestMessages.registry();
    private final LinkFaults serverFaults = new LinkFaults();
    private final LinkFaults clientFaults = new LinkFaults();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RpcServer server;
    private RpcClient client;

    @BeforeEach
    void start() {
        server = startServer(0);
        client = track(new RpcClient("n1", registry, clientFaults,
                new RpcClientOptions(MAX_FRAME, Duration.ofMillis(500), Duration.ofSeconds(5))));
        server.handle(TestMessages.Text.class, (from, q) -> CompletableFuture.completedFuture(
                new TestMessages.Text(from + " said " + q.text())));
    }

    private RpcServer startServer(int port) {
        return track(RpcServer.start(new RpcServerOptions("n2", "127.0.0.1", port, MAX_FRAME), registry, serverFaults));
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(0, c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private CompletableFuture<TestMessages.Text> say(String text, Duration timeout) {
        return client.call("n2", server.localAddress(), new TestMessages.Text(text), TestMessages.Text.class, timeout);
    }

    private static KvException failure(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return assertInstanceOf(KvException.class, e.getCause());
    }

    @Test
    void answersCarryTheSenderIdAndMatchTheirRequests() {
        List<CompletableFuture<TestMessages.Text>> calls = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            calls.add(say("m" + i, Duration.ofSeconds(5)));
        }
        for (int i = 0; i < calls.size(); i++) {
            assertEquals("n1 said m" + i, calls.get(i).join().text());
        }
    }

    @Test
    void theServerCountsTheRequestsItHandledPerMessageType() {
        assertEquals(java.util.Map.of(), server.requestsServed());
        for (int i = 0; i < 5; i++) {
            say("m" + i, Duration.ofSeconds(5)).join();
        }
        client.call("n2", server.localAddress(), new Ping(new byte[0]), Ping.class).join();
        assertEquals(java.util.Map.of("Text", 5L, "Ping", 1L), server.requestsServed());
    }

    @Test
    void pingIsBuiltIn() {
        byte[] payload = {1, 2, 3};
        Ping answer = client.call("n2", server.localAddress(), new Ping(payload), Ping.class).join();
        assertEquals(3, answer.payload().length);
    }

    @Test
    void aCallWithNoAnswerTimesOutAsUnknownNotFailed() {
        server.handle(TestMessages.Text.class, (from, q) -> new CompletableFuture<>()); // never answers
        KvException e = failure(say("hello", SHORT));
        assertInstanceOf(OperationTimeoutException.class, e);
        assertEquals(Outcome.INFO, e.outcome());
        assertTrue(e.getMessage().contains("no answer from n2 within 300 ms"), e.getMessage());
    }

    @Test
    void refusedConnectionIsADefiniteFailure() {
        int closedPort = TestClusters.freePorts(1)[0];
        KvException e = failure(client.call("n3", new InetSocketAddress("127.0.0.1", closedPort),
                new TestMessages.Text("x"), TestMessages.Text.class, SHORT));
        assertInstanceOf(UnavailableException.class, e);
        assertEquals(Outcome.FAIL, e.outcome());
        assertTrue(e.getMessage().contains("cannot connect to n3 at 127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void handlerErrorsKeepTheirOutcome() {
        server.handle(TestMessages.Text.class, (from, q) -> switch (q.text()) {
            case "unavailable" -> CompletableFuture.failedFuture(new UnavailableException("only 1 of 3 replicas up"));
            case "invalid" -> throw new InvalidRequestException("empty key");
            default -> throw new IllegalStateException("disk on fire");
        });
        KvException unavailable = failure(say("unavailable", SHORT));
        assertInstanceOf(UnavailableException.class, unavailable);
        assertEquals("only 1 of 3 replicas up", unavailable.getMessage());
        assertInstanceOf(InvalidRequestException.class, failure(say("invalid", SHORT)));
        KvException crashed = failure(say("boom", SHORT));
        assertEquals(Outcome.INFO, crashed.outcome(), "a handler that crashed may have applied");
        assertTrue(crashed.getMessage().contains("disk on fire"));
    }

    @Test
    void unservedMessageTypeIsUnavailable() {
        KvException e = failure(client.call("n2", server.localAddress(), new TestMessages.Blob(new byte[1]),
                TestMessages.Blob.class, SHORT));
        assertInstanceOf(UnavailableException.class, e);
        assertTrue(e.getMessage().contains("n2 does not serve Blob"), e.getMessage());
    }

    @Test
    void oversizedRequestIsRefusedLocallyAndOversizedAnswerIsUnknown() {
        KvException e = failure(client.call("n2", server.localAddress(), new TestMessages.Blob(new byte[MAX_FRAME]),
                TestMessages.Blob.class, SHORT));
        assertInstanceOf(InvalidRequestException.class, e);
        assertTrue(e.getMessage().contains("rpc.max-frame-bytes=" + MAX_FRAME), e.getMessage());

        server.handle(TestMessages.Blob.class, (from, q) -> CompletableFuture.completedFuture(
                new TestMessages.Blob(new byte[MAX_FRAME * 2])));
        KvException tooBig = failure(client.call("n2", server.localAddress(), new TestMessages.Blob(new byte[1]),
                TestMessages.Blob.class, SHORT));
        assertEquals(Outcome.INFO, tooBig.outcome());
        assertTrue(tooBig.getMessage().contains("could not send its answer"), tooBig.getMessage());
    }

    @Test
    void serverDyingMidCallIsConnectionLostThenReconnectsAfterRestart() {
        int port = server.localAddress().getPort();
        CompletableFuture<TestMessages.Text> ok = say("first", SHORT);
        assertEquals("n1 said first", ok.join().text());
        CompletableFuture<TestMessages.Text> stuck = new CompletableFuture<>();
        server.handle(TestMessages.Text.class, (from, q) -> stuck);
        CompletableFuture<TestMessages.Text> inFlight = say("second", Duration.ofSeconds(10));
        server.close();
        KvException lost = failure(inFlight);
        assertInstanceOf(ConnectionLostException.class, lost);
        assertEquals(Outcome.INFO, lost.outcome());

        server = startServer(port);
        server.handle(TestMessages.Text.class, (from, q) -> CompletableFuture.completedFuture(new TestMessages.Text("back")));
        assertEquals("back", say("third", Duration.ofSeconds(2)).join().text());
    }

    @Test
    void garbageAndOversizedFramesCloseOnlyTheirConnection() throws Exception {
        InetSocketAddress addr = server.localAddress();
        try (Socket garbage = new Socket(addr.getAddress(), addr.getPort())) {
            OutputStream out = garbage.getOutputStream();
            out.write(new byte[] {0, 0, 0, 3, 42, 1, 1}); // frame of 3 bytes, unknown kind 42
            out.flush();
            assertEquals(-1, garbage.getInputStream().read(), "server closes a connection speaking garbage");
        }
        try (Socket huge = new Socket(addr.getAddress(), addr.getPort())) {
            OutputStream out = huge.getOutputStream();
            out.write(new byte[] {0x7f, 0, 0, 0, 1}); // announces ~2 GB
            out.flush();
            InputStream in = huge.getInputStream();
            assertEquals(-1, in.read(), "server closes a connection announcing an oversized frame");
        }
        assertEquals("n1 said still here", say("still here", SHORT).join().text());
    }

    @Test
    void blockedLinkLooksLikeAPartitionAndHeals() {
        clientFaults.block("n1", "n2");
        assertInstanceOf(OperationTimeoutException.class, failure(say("lost", SHORT)));
        clientFaults.healAll();
        assertEquals("n1 said back", say("back", SHORT).join().text());

        // Requests arrive but answers are dropped by the server's table: applied, yet unknown.
        AtomicInteger applied = new AtomicInteger();
        server.handle(TestMessages.Text.class, (from, q) -> {
            applied.incrementAndGet();
            return CompletableFuture.completedFuture(q);
        });
        serverFaults.block("n2", "n1");
        KvException e = failure(say("one-way", SHORT));
        assertEquals(Outcome.INFO, e.outcome());
        assertEquals(1, applied.get(), "the request was applied although the caller saw a timeout");
        serverFaults.heal("n2", "n1");

        serverFaults.block("n1", "n2"); // incoming side, enforced by the receiver
        assertInstanceOf(OperationTimeoutException.class, failure(say("dropped", SHORT)));
        assertEquals(1, applied.get(), "a request dropped on the way in is never applied");
        serverFaults.healAll();
        assertEquals("ok", say("ok", SHORT).join().text());
    }

    @Test
    void delayedLinkDelaysButDelivers() {
        clientFaults.delay("n1", "n2", Duration.ofMillis(200));
        long t0 = System.nanoTime();
        assertEquals("n1 said slow", say("slow", Duration.ofSeconds(5)).join().text());
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(elapsedMs >= 200, "answer came after " + elapsedMs + " ms, before the 200 ms delay");
        assertEquals(1, clientFaults.faults().size());

        // A delay longer than the timeout turns into an unknown outcome.
        serverFaults.delay("n2", "n1", Duration.ofMillis(600));
        assertInstanceOf(OperationTimeoutException.class, failure(say("too slow", SHORT)));
    }

    @Test
    void portInUseNamesThePortAndTheFix() {
        int taken = server.localAddress().getPort();
        RpcBindException e = assertThrows(RpcBindException.class, () -> startServer(taken));
        assertTrue(e.getMessage().contains("127.0.0.1:" + taken), e.getMessage());
        assertTrue(e.getMessage().contains("pick a free port"), e.getMessage());
    }

    @Test
    void closedClientFailsPendingAndNewCalls() {
        AtomicInteger received = new AtomicInteger();
        server.handle(TestMessages.Text.class, (from, q) -> {
            received.incrementAndGet();
            return new CompletableFuture<>();
        });
        CompletableFuture<TestMessages.Text> pending = say("waiting", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 1);
        client.close();
        assertEquals(Outcome.INFO, failure(pending).outcome());
        assertInstanceOf(UnavailableException.class, failure(say("after", SHORT)));
    }
}
