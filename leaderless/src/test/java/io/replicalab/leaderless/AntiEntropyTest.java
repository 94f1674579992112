package io.replicalab.leaderless;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.BlockingKvClient;
import io.replicalab.api.ReadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that missed writes during a partition converges through Merkle anti-entropy alone:
 * read repair and hinted handoff are off, and nobody reads the keys.
 */
class AntiEntropyTest extends ClusterTestSupport {
    private static final int KEYS = 60;

    private long presentOnN3() {
        BlockingKvClient c = cluster.clientVia("n1").blocking();
        long present = 0;
        for (int i = 0; i < KEYS; i++) {
            if (c.get("ae-" + i, ReadOptions.stale("n3")).isPresent()) {
                present++;
            }
        }
        return present;
    }

    private void writeWhileN3IsCutOff() {
        cluster.block("n1", "n3");
        cluster.block("n2", "n3");
        BlockingKvClient c = cluster.clientOf("n1", "n2").blocking();
        for (int i = 0; i < KEYS; i++) {
            c.put("ae-" + i, b("v" + i));
        }
        cluster.healAll();
    }

    @Test
    void oneMerkleExchangeRepairsExactlyTheMissedKeys() throws Exception {
        start(3, "version-vectors",
                Map.of("read-repair", "off", "hinted-handoff", false));
        writeWhileN3IsCutOff();
        assertEquals(0, presentOnN3(), "n3 missed every write");

        long repaired = cluster.node("n3").antiEntropy().round();
        assertEquals(KEYS, repaired, "one exchange repairs each missed key once");
        assertEquals(KEYS, presentOnN3());
        assertEquals(0, cluster.node("n3").antiEntropy().round(), "the next exchange finds nothing to repair");
    }

    @Test
    void periodicAntiEntropyConvergesWithoutAnyRead() {
        start(3, "version-vectors",
                Map.of("read-repair", "off", "hinted-handoff", false, "anti-entropy-interval-ms", 200));
        writeWhileN3IsCutOff();
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.node("n3").store().scanAll().size() == KEYS);
        assertEquals(KEYS, presentOnN3());
        // Any node may have done it: n2's exchange with n3 pushes n2's newer states to n3.
        long exchanges = 0;
        for (String id : new String[] {"n1", "n2", "n3"}) {
            exchanges += cluster.node(id).antiEntropy().exchanges();
        }
        assertTrue(exchanges > 0, "the keys came back through Merkle exchanges");
    }

    @Test
    void withoutAnyRepairMechanismTheReplicaStaysBehind() {
        start(3, "version-vectors",
                Map.of("read-repair", "off", "hinted-handoff", false));
        writeWhileN3IsCutOff();
        BlockingKvClient c = cluster.clientOf("n1", "n2").blocking();
        for (int i = 0; i < KEYS; i++) {
            c.get("ae-" + i); // R=2 reads succeed, but repair is off
        }
        assertFalse(presentOnN3() > 0, "nothing brings n3 back when every repair path is off");
    }
}
