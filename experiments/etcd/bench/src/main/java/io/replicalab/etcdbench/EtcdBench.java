package io.replicalab.etcdbench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.GetOption;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop etcd benchmark shaped like {@code replicalab bench kv}: a fixed number of requests in
 * flight, 100-byte values, puts of random keys, then linearizable gets and serializable (stale) gets,
 * each phase with a warm-up and a measured window. Prints one line per phase in the format of
 * {@code bench kv}, so the side-by-side script can put the two next to each other.
 *
 * <p>Usage: {@code java -jar etcd-bench.jar ENDPOINTS IN_FLIGHT WARMUP_S DURATION_S [VALUE_BYTES] [KEYSPACE]}
 */
public final class EtcdBench {
    private EtcdBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: etcd-bench ENDPOINTS(comma-separated) IN_FLIGHT WARMUP_S DURATION_S [VALUE_BYTES] [KEYSPACE]");
            System.exit(2);
        }
        String[] endpoints = args[0].split(",");
        int inFlight = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int duration = Integer.parseInt(args[3]);
        int valueBytes = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int keyspace = args.length > 5 ? Integer.parseInt(args[5]) : 100_000;
        byte[] value = new byte[valueBytes];
        ThreadLocalRandom.current().nextBytes(value);
        ByteSequence v = ByteSequence.from(value);
        try (Client client = Client.builder().endpoints(endpoints).build()) {
            KV kv = client.getKVClient();
            run("writes", inFlight, warmup, duration, k -> kv.put(key(k), v).thenApply(r -> null), keyspace);
            run("reads-linearizable", inFlight, warmup, duration, k -> kv.get(key(k)).thenApply(r -> null), keyspace);
            GetOption serializable = GetOption.builder().withSerializable(true).build();
            run("reads-stale", inFlight, warmup, duration, k -> kv.get(key(k), serializable).thenApply(r -> null), keyspace);
        }
    }

    private static ByteSequence key(int k) {
        return ByteSequence.from(("key-" + k).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void run(String phase, int inFlight, int warmup, int duration,
                            IntFunction<CompletableFuture<Void>> op, int keyspace) throws InterruptedException {
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(duration);
        AtomicLong ok = new AtomicLong();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(inFlight);
        for (int i = 0; i < inFlight; i++) {
            issue(op, keyspace, recorder, ok, errors, measureFrom, end, done);
        }
        done.await();
        double seconds = duration;
        var h = recorder.getIntervalHistogram();
        System.out.printf(Locale.ROOT, "etcd %s: %,.0f ops/s (%d ok in %.1f s) p50=%.2fms p99=%.2fms errors=%d%n",
                phase, ok.get() / seconds, ok.get(), seconds, h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6, errors.get());
    }

    /** One logical client: issues the next operation when the previous completes, until {@code end}. */
    private static void issue(IntFunction<CompletableFuture<Void>> op, int keyspace, Recorder recorder, AtomicLong ok,
                              AtomicLong errors, long measureFrom, long end, java.util.concurrent.CountDownLatch done) {
        long t0 = System.nanoTime();
        if (t0 >= end) {
            done.countDown();
            return;
        }
        op.apply(ThreadLocalRandom.current().nextInt(keyspace)).whenComplete((r, e) -> {
            long t1 = System.nanoTime();
            if (t0 >= measureFrom && t1 <= end) {
                if (e == null) {
                    ok.incrementAndGet();
                    recorder.recordValue(t1 - t0);
                } else {
                    errors.incrementAndGet();
                }
            }
            issue(op, keyspace, recorder, ok, errors, measureFrom, end, done);
        });
    }
}
