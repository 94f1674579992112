package io.replicalab.node.rpc;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop round trips of {@link Ping}s between one client and one server on loopback, with a
 * fixed number of requests in flight: the ceiling every backend's own numbers sit under.
 */
public final class RpcBenchmark {
    private RpcBenchmark() {
    }

    public record Options(int inFlight, int payloadBytes, Duration warmup, Duration duration) {
        public Options {
            if (inFlight < 1 || payloadBytes < 0) {
                throw new IllegalArgumentException("in-flight must be >= 1 and payload >= 0");
            }
        }
    }

    public record Result(long requests, double requestsPerSecond, double p50Micros, double p99Micros,
                         double p999Micros, double maxMicros, long errors) {
    }

    public static Result run(Options options) throws InterruptedException {
        MessageRegistry registry = MessageRegistry.withBuiltins();
        int maxFrame = Math.max(64 * 1024, options.payloadBytes() + 1024);
        try (RpcServer server = RpcServer.start(new RpcServerOptions("bench-server", "127.0.0.1", 0, maxFrame),
                registry, new LinkFaults());
             RpcClient client = new RpcClient("bench-client", registry, new LinkFaults(),
                     new RpcClientOptions(maxFrame, Duration.ofSeconds(2), Duration.ofSeconds(10)))) {
            InetSocketAddress address = server.localAddress();
            Ping ping = new Ping(new byte[options.payloadBytes()]);
            Recorder recorder = new Recorder(3);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong errors = new AtomicLong();
            AtomicReference<Throwable> firstError = new AtomicReference<>();
            CountDownLatch stopped = new CountDownLatch(options.inFlight());
            for (int i = 0; i < options.inFlight(); i++) {
                new Loop(client, address, ping, recorder, running, errors, firstError, stopped).next();
            }
            Thread.sleep(options.warmup().toMillis()); // a benchmark phase, not a wait for a condition
            recorder.getIntervalHistogram(); // discard warm-up samples
            long errorsBefore = errors.get();
            long start = System.nanoTime();
            Thread.sleep(options.duration().toMillis());
            Histogram h = recorder.getIntervalHistogram();
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            stopped.await(30, TimeUnit.SECONDS);
            if (h.getTotalCount() == 0 && firstError.get() != null) {
                throw new IllegalStateException("rpc benchmark made no successful call: " + firstError.get(), firstError.get());
            }
            return new Result(h.getTotalCount(), h.getTotalCount() / seconds, h.getValueAtPercentile(50) / 1e3,
                    h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                    errors.get() - errorsBefore);
        }
    }

    /** One of the in-flight slots: sends the next ping when the previous one answers. */
    private record Loop(RpcClient client, InetSocketAddress address, Ping ping, Recorder recorder, AtomicBoolean running,
                        AtomicLong errors, AtomicReference<Throwable> firstError, CountDownLatch stopped) {
        void next() {
            if (!running.get()) {
                stopped.countDown();
                return;
            }
            long t0 = System.nanoTime();
            client.call("bench-server", address, ping, Ping.class).whenComplete((r, e) -> {
                if (e == null) {
                    recorder.recordValue(System.nanoTime() - t0);
                    next();
                } else {
                    // An error ends this slot: retrying at once could spin on a dead server.
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e);
                    stopped.countDown();
                }
            });
        }
    }
}
