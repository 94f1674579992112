package io.replicalab.experiments.workload;

import io.replicalab.api.CausalContext;
import io.replicalab.api.KvClient;
import io.replicalab.api.Versioned;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * YCSB-style key-value mixes: {@code a} = 50% reads / 50% updates, {@code b} = 95/5, {@code c} = reads only.
 * Updates put a unique string ({@code v<id>}, padded to the value size) with this client's last context of the key.
 */
final class KvWorkload implements WorkloadClient {
    private final WorkloadParams params;
    private final Random rnd;
    private final KeyDistribution keys;
    private final WorkloadParams.UniqueIds ids;
    private final double readShare;
    private final Map<String, CausalContext> contexts = new HashMap<>();

    KvWorkload(WorkloadParams params) {
        this.params = params;
        this.rnd = params.random();
        this.keys = params.keys();
        this.ids = params.ids();
        this.readShare = switch (params.section().mix()) {
            case "b" -> 0.95;
            case "c" -> 1.0;
            default -> 0.5;
        };
    }

    @Override
    public Op next() {
        String key = Workloads.key("kv", keys.next(rnd));
        if (rnd.nextDouble() < readShare) {
            return finalRead(key);
        }
        return new Op("put", key, Values.JSON.textNode("v" + ids.next()));
    }

    /** The contract's kv vocabulary is put / get. */
    @Override
    public Op finalRead(String key) {
        return new Op("get", key, null);
    }

    @Override
    public OpResult execute(KvClient client, Op op) {
        if (op.f().equals("get")) {
            Versioned<byte[]> read = client.blocking().get(op.key(), params.read());
            contexts.put(op.key(), read.context());
            return OpResult.ok(Values.readValue(read, b -> Values.JSON.textNode(Values.unpadded(b))), read.servedBy());
        }
        CausalContext ctx = contexts.getOrDefault(op.key(), CausalContext.EMPTY);
        CausalContext written = client.blocking().put(op.key(), Values.padded(op.value().asText(),
                params.section().valueSize()), ctx, params.write());
        contexts.put(op.key(), written);
        return OpResult.ok(op.value(), written.servedBy());
    }
}
