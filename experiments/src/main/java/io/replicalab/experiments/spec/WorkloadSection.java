package io.replicalab.experiments.spec;

import java.util.List;

/**
 * The {@code workload:} section.
 *
 * @param type {@code register} (read/write/cas on few keys), {@code kv} (YCSB-style mixes), {@code cart}
 *             (add unique elements to sets) or {@code list-append} (append unique numbers to lists)
 * @param mix for {@code kv}: YCSB workload {@code a} (50% reads), {@code b} (95% reads) or {@code c} (reads only)
 * @param keys how many distinct keys the operations touch
 * @param distribution how keys are drawn: {@code uniform}, {@code zipfian}, {@code hotspot} (80% of the
 *                     operations on 20% of the keys) or {@code sequential}
 * @param valueSize bytes of each written value (padded; values stay unique per write)
 * @param casRatio for {@code register}: share of operations that are compare-and-set (dropped by the workload
 *                 for a backend that rejects CAS as an invalid request)
 * @param readRatio for {@code register}, {@code cart} and {@code list-append}: share of reads
 */
public record WorkloadSection(String type, String mix, Integer keys, String distribution, Integer valueSize, Double casRatio,
                              Double readRatio) {
    public static final List<String> TYPES = List.of("register", "kv", "cart", "list-append");
    public static final List<String> DISTRIBUTIONS = List.of("uniform", "zipfian", "hotspot", "sequential");

    public WorkloadSection {
        type = SpecChecks.choice("workload.type", type, "register", TYPES);
        mix = SpecChecks.choice("workload.mix", mix, "a", List.of("a", "b", "c"));
        keys = keys == null ? (type.equals("kv") ? 1000 : 5) : keys;
        SpecChecks.require(keys >= 1, "workload.keys", keys + " must be at least 1");
        distribution = SpecChecks.choice("workload.distribution", distribution, "uniform", DISTRIBUTIONS);
        valueSize = valueSize == null ? 16 : valueSize;
        SpecChecks.require(valueSize >= 1 && valueSize <= 1 << 20, "workload.value-size",
                valueSize + " is out of range: use 1..1048576 bytes");
        casRatio = casRatio == null ? 0.1 : casRatio;
        readRatio = readRatio == null ? 0.5 : readRatio;
        SpecChecks.require(casRatio >= 0 && casRatio <= 1, "workload.cas-ratio", casRatio + " must be between 0 and 1");
        SpecChecks.require(readRatio >= 0 && readRatio <= 1, "workload.read-ratio", readRatio + " must be between 0 and 1");
        SpecChecks.require(casRatio + readRatio <= 1, "workload.cas-ratio", "cas-ratio + read-ratio is above 1: lower one of them");
    }
}
