package io.replicalab.experiments.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.ReadOptions;
import io.replicalab.api.WriteOptions;
import io.replicalab.experiments.spec.WorkloadSection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadDeterminismTest {
    private static List<Op> ops(String type, long seed, int slot, int count) {
        WorkloadSection section = new WorkloadSection(type, "a", 10, "zipfian", 8, 0.0, 0.3);
        WorkloadClient c = Workloads.client(new WorkloadParams(section, slot, 3, seed, ReadOptions.defaults(), WriteOptions.defaults()));
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ops.add(c.next());
        }
        return ops;
    }

    @ParameterizedTest
    @ValueSource(strings = {"register", "kv", "cart", "list-append"})
    void theSameSeedGivesTheSameOperationsAndAnotherSeedOthers(String type) {
        assertEquals(ops(type, 42, 1, 200), ops(type, 42, 1, 200));
        assertNotEquals(ops(type, 42, 1, 200), ops(type, 43, 1, 200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"register", "kv", "cart", "list-append"})
    void writtenValuesAreUniqueAcrossClients(String type) {
        Set<String> seen = new HashSet<>();
        int writes = 0;
        for (int slot = 0; slot < 3; slot++) {
            for (Op op : ops(type, 7, slot, 300)) {
                if (op.value() != null) {
                    writes++;
                    assertTrue(seen.add(op.value().asText()), "duplicate value " + op.value());
                }
            }
        }
        assertTrue(writes > 300, "about 70% of 900 operations write");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uniform", "zipfian", "hotspot", "sequential"})
    void keyDistributionsStayInRange(String name) {
        KeyDistribution d = KeyDistribution.named(name, 50);
        Random rnd = new Random(1);
        int[] counts = new int[50];
        for (int i = 0; i < 10_000; i++) {
            counts[d.next(rnd)]++;
        }
        if (name.equals("zipfian") || name.equals("hotspot")) {
            assertTrue(counts[0] > counts[49] * 3, name + " favours low keys: " + counts[0] + " vs " + counts[49]);
        } else {
            assertTrue(counts[49] > 100, name + " reaches the last key");
        }
    }
}
