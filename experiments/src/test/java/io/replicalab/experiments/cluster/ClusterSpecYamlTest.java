package io.replicalab.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replicalab.api.config.ClusterSpec;
import io.replicalab.api.config.ClusterSpecLoader;
import io.replicalab.api.config.ReplicationSpec;
import io.replicalab.node.testing.TestClusters;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSpecYamlTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenSpecLoadsBackUnchanged() {
        ClusterSpec base = TestClusters.loopback("leaderless", 3, dir.resolve("data"), "rocksdb", "batch(5ms)");
        ClusterSpec spec = new ClusterSpec(base.name(), base.backend(), new ReplicationSpec(3, 2, 2), base.nodes(),
                base.storage(), base.rpc(), base.admin(),
                JsonNodeFactory.instance.objectNode().put("conflicts", "lww").put("vnodes", 16), null, null);
        Path file = ClusterSpecYaml.write(spec, dir.resolve("conf/cluster.yaml"));
        assertEquals(spec, ClusterSpecLoader.load(file));
    }
}
