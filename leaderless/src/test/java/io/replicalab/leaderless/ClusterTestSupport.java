package io.replicalab.leaderless;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.replicalab.api.KvException;
import io.replicalab.api.Versioned;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What every test on a {@link LeaderlessTestCluster} needs: a temp data dir, the cluster, its cleanup. */
abstract class ClusterTestSupport {
    @TempDir
    Path dataDir;

    LeaderlessTestCluster cluster;

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    LeaderlessTestCluster start(int size, String conflicts, Map<String, Object> settings) {
        cluster = new LeaderlessTestCluster(dataDir, size, conflicts, settings);
        return cluster;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Set<String> strings(Versioned<byte[]> v) {
        Set<String> out = new TreeSet<>();
        v.values().forEach(x -> out.add(new String(x, StandardCharsets.UTF_8)));
        return out;
    }

    /** The KvException an operation ends with, whether thrown by the blocking facade or a future. */
    static KvException failure(Runnable op) {
        RuntimeException e = assertThrows(RuntimeException.class, op::run);
        return assertInstanceOf(KvException.class, e instanceof CompletionException ? e.getCause() : e);
    }
}
