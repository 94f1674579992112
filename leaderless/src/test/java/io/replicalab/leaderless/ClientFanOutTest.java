package io.replicalab.leaderless;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.CausalContext;
import io.replicalab.api.Consistency;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.Versioned;
import io.replicalab.api.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fan-out: client}: the client library reads, merges, repairs and writes at the replicas itself. */
class ClientFanOutTest extends ClusterTestSupport {

    private LeaderlessTestCluster start(String conflicts) {
        return start(3, conflicts, Map.of("fan-out", "client"));
    }

    @Test
    void versionVectorSiblingsAndMergeWorkThroughClientFanOut() {
        start("version-vectors");
        BlockingKvClient alice = cluster.clientVia("n1").blocking();
        BlockingKvClient bob = cluster.clientVia("n2").blocking();
        CausalContext seenByAlice = alice.get("cart").context();
        CausalContext seenByBob = bob.get("cart").context();
        alice.put("cart", b("milk"), seenByAlice, WriteOptions.defaults());
        bob.put("cart", b("bread"), seenByBob, WriteOptions.defaults());
        Versioned<byte[]> cart = alice.get("cart", ReadOptions.of(Consistency.ALL));
        assertEquals(Set.of("bread", "milk"), strings(cart));
        alice.put("cart", b("bread,milk"), cart.context(), WriteOptions.defaults());
        assertEquals(Set.of("bread,milk"), strings(bob.get("cart", ReadOptions.of(Consistency.ALL))));
    }

    @Test
    void lwwWritesAreStampedByTheClientAndSurviveAReplicaLoss() {
        start("lww");
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        for (int i = 0; i < 30; i++) {
            c.put("k" + i, b("v" + i));
        }
        cluster.stop("n2");
        for (int i = 0; i < 30; i++) {
            assertEquals(Set.of("v" + i), strings(c.get("k" + i)));
        }
    }

    @Test
    void theClientRepairsAStaleReplicaItReadFrom() {
        start("version-vectors");
        cluster.stop("n3");
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        c.put("r", b("fresh"), CausalContext.EMPTY, WriteOptions.w(2)); // n3 refuses, the two others ack
        cluster.start("n3");
        BlockingKvClient n3Reader = cluster.clientVia("n3").blocking();
        assertFalse(n3Reader.get("r", ReadOptions.stale("n3")).isPresent(), "n3 was down during the write");
        assertEquals(Set.of("fresh"), strings(c.get("r", ReadOptions.of(Consistency.ALL))));
        await().atMost(Duration.ofSeconds(10)).until(() -> n3Reader.get("r", ReadOptions.stale("n3")).isPresent());
    }
}
