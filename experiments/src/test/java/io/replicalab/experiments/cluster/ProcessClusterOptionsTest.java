package io.replicalab.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessClusterOptionsTest {
    private static final List<String> DEFAULT_ARGS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @Test
    void byDefaultNodeJvmsGetASmallHeapTheSerialCollectorAndC1Only() {
        assertEquals(DEFAULT_ARGS, ProcessCluster.Options.defaults(Map.of()).jvmArgs());
        assertEquals(DEFAULT_ARGS, ProcessCluster.Options.defaults(
                Map.of(ProcessCluster.Options.NODE_JVM_OPTS_ENV, "  ")).jvmArgs());
    }

    @Test
    void optionsFromTheEnvironmentComeLastSoTheyOverrideTheDefaults() {
        List<String> args = ProcessCluster.Options.defaults(
                Map.of(ProcessCluster.Options.NODE_JVM_OPTS_ENV, " -XX:TieredStopAtLevel=4   -Xmx1g ")).jvmArgs();
        assertEquals(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-Xmx1g"),
                args);
    }
}
