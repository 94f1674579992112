package io.replicalab.leaderless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.CausalContext;
import io.replicalab.api.Consistency;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 004's design: a monotonically increasing version per record, largest version wins. */
class MonotonicVersionsTest extends ClusterTestSupport {
    private static final ReadOptions ALL = ReadOptions.of(Consistency.ALL);

    private static long version(CausalContext context) {
        return ByteBuffer.wrap(context.toBytes()).getLong();
    }

    @Test
    void eachReadModifyWriteRaisesTheVersionAndQuorumReadsSeeTheLargest() {
        start(3, "monotonic-versions", java.util.Map.of());
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        long last = 0;
        for (int i = 1; i <= 5; i++) {
            Versioned<byte[]> read = c.get("counter");
            CausalContext written = c.put("counter", b("v" + i), read.context(), WriteOptions.defaults());
            assertTrue(version(written) > last, "version " + version(written) + " after " + last);
            last = version(written);
        }
        cluster.stop("n3");
        Versioned<byte[]> read = cluster.clientVia("n2").blocking().get("counter");
        assertEquals("v5", new String(read.value(), StandardCharsets.UTF_8));
        assertEquals(last, version(read.context()));
    }

    @Test
    void twoWritersOfTheSameReadVersionLoseOneAcknowledgedWriteDespiteOverlappingQuorums() {
        start(3, "monotonic-versions", java.util.Map.of());
        BlockingKvClient alice = cluster.clientOf("n1").blocking(); // every request coordinated by n1
        BlockingKvClient bob = cluster.clientOf("n2").blocking();
        alice.put("cart", b("empty"), CausalContext.EMPTY, WriteOptions.of(Consistency.ALL));
        CausalContext seenByAlice = alice.get("cart", ALL).context();
        CausalContext seenByBob = bob.get("cart", ALL).context();
        // Alice's write reaches n2 late, so Bob's coordinator n2 still holds the version both read.
        cluster.node("n1").faults().delayLink("n1", "n2", java.time.Duration.ofMillis(1500));
        CausalContext a = alice.put("cart", b("milk"), seenByAlice, WriteOptions.w(2));
        CausalContext bb = bob.put("cart", b("bread"), seenByBob, WriteOptions.w(2));
        assertEquals(version(a), version(bb), "both writes were acknowledged (W=2, R=2, N=3) with the same version");
        cluster.healAll();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                cluster.node("n2").applyLog().stream().anyMatch(e -> e.key().equals("cart") && e.writeId().contains("@n1")));
        Versioned<byte[]> after = cluster.clientVia("n3").blocking().get("cart", ALL);
        assertEquals(1, after.values().size(), "no siblings: exactly one of the two acknowledged adds survives");
    }
}
