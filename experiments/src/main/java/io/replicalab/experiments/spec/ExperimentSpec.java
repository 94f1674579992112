package io.replicalab.experiments.spec;

import java.time.Duration;

/**
 * One experiment: a cluster, a workload run by {@code clients} logical clients for {@code duration}
 * (closed loop, or {@code rate} operations per second in total), a nemesis, and a seed that fixes every
 * random choice of the generators and the nemesis. Read from YAML by {@link ExperimentSpecLoader}.
 */
public record ExperimentSpec(String name, Long seed, ClusterSection cluster, WorkloadSection workload, Integer clients,
                             Double rate, String duration, ConsistencySection consistency, NemesisSection nemesis) {
    public ExperimentSpec {
        name = name == null ? "experiment" : name;
        SpecChecks.require(name.matches("[A-Za-z0-9_.-]+"), "name", "'" + name + "' may only hold letters, digits, '.', '_' and '-'");
        seed = seed == null ? 42L : seed;
        cluster = cluster == null ? new ClusterSection(null, null, null, null, null, null, null, null, null, null) : cluster;
        workload = workload == null ? new WorkloadSection(null, null, null, null, null, null, null) : workload;
        clients = clients == null ? 4 : clients;
        SpecChecks.require(clients >= 1 && clients <= 1000, "clients", clients + " is out of range: use 1..1000");
        rate = rate == null ? 0.0 : rate;
        SpecChecks.require(rate >= 0, "rate", rate + " is negative: use 0 (closed loop) or operations per second");
        duration = duration == null ? "20s" : duration;
        SpecChecks.require(!SpecChecks.duration("duration", duration, null).isZero(), "duration", "is zero: run for at least 1s");
        consistency = consistency == null ? ConsistencySection.defaults() : consistency;
        nemesis = nemesis == null ? NemesisSection.none() : nemesis;
        for (FaultStep step : nemesis.schedule()) {
            SpecChecks.require(!(step.fault().equals("pause") && !cluster.isProcess()), "nemesis pause",
                    "needs cluster.kind: process (a JVM cannot SIGSTOP its own threads)");
            SpecChecks.require(!step.targetsNamedNode() || step.target().matches("n[1-9]")
                    && Integer.parseInt(step.target().substring(1)) <= cluster.nodes(), "nemesis " + step.fault() + ".target",
                    "'" + step.target() + "' is not a node of this cluster: nodes are n1..n" + cluster.nodes());
        }
        if (nemesis.random() != null) {
            SpecChecks.require(!(nemesis.random().faults().contains("pause") && !cluster.isProcess()), "nemesis.random.faults",
                    "pause needs cluster.kind: process (a JVM cannot SIGSTOP its own threads)");
        }
    }

    public Duration durationValue() {
        return SpecChecks.duration("duration", duration, null);
    }

    /** The same experiment against another backend (compare and {@code --backend}). */
    /** The same experiment with another seed (operations, values, random faults and nemesis picks all follow it). */
    public ExperimentSpec withSeed(long newSeed) {
        return new ExperimentSpec(name, newSeed, cluster, workload, clients, rate, duration, consistency, nemesis);
    }

    public ExperimentSpec withBackend(String backend) {
        return new ExperimentSpec(name, seed, cluster.withBackend(backend), workload, clients, rate, duration, consistency, nemesis);
    }
}
