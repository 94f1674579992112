package io.replicalab.experiments.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.api.CausalContext;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.KvClient;
import io.replicalab.api.Precondition;
import io.replicalab.api.Versioned;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Read / write / compare-and-set on a few keys, for the linearizability checker. Writes carry unique
 * numbers; a CAS expects the value this client last saw on the key and writes a new unique number.
 * Writes carry the causal context of this client's last read of the key (as a Dynamo client would),
 * so a client does not pile up siblings of its own. A backend that rejects CAS as an invalid request
 * gets no more CAS (the rejected one is recorded as the fail it is).
 */
final class RegisterWorkload implements WorkloadClient {
    private final WorkloadParams params;
    private final Random rnd;
    private final KeyDistribution keys;
    private final WorkloadParams.UniqueIds ids;
    private final Map<String, Long> lastSeen = new HashMap<>();
    private final Map<String, CausalContext> contexts = new HashMap<>();
    private boolean casRejected;

    RegisterWorkload(WorkloadParams params) {
        this.params = params;
        this.rnd = params.random();
        this.keys = params.keys();
        this.ids = params.ids();
    }

    @Override
    public Op next() {
        String key = Workloads.key("register", keys.next(rnd));
        double p = rnd.nextDouble();
        if (p < params.section().readRatio()) {
            return Op.read(key);
        }
        long fresh = ids.next();
        Long expected = lastSeen.get(key);
        if (p < params.section().readRatio() + params.section().casRatio() && !casRejected && expected != null) {
            return new Op("cas", key, Values.JSON.arrayNode().add(expected).add(fresh));
        }
        return new Op("write", key, Values.JSON.numberNode(fresh));
    }

    @Override
    public OpResult execute(KvClient client, Op op) {
        int size = params.section().valueSize();
        switch (op.f()) {
            case "read" -> {
                Versioned<byte[]> read = client.blocking().get(op.key(), params.read());
                contexts.put(op.key(), read.context());
                JsonNode value = Values.readValue(read, b -> Values.numberOrText(Values.unpadded(b)));
                if (value.isNumber()) {
                    lastSeen.put(op.key(), value.asLong());
                }
                return OpResult.ok(value, read.servedBy());
            }
            case "write" -> {
                CausalContext ctx = contexts.getOrDefault(op.key(), CausalContext.EMPTY);
                CausalContext written = client.blocking().put(op.key(), Values.padded(op.value().asText(), size), ctx,
                        params.write());
                contexts.put(op.key(), written);
                lastSeen.put(op.key(), op.value().asLong());
                return OpResult.ok(op.value(), written.servedBy());
            }
            case "cas" -> {
                byte[] expected = Values.padded(op.value().get(0).asText(), size);
                boolean written;
                try {
                    written = client.blocking().compareAndSet(op.key(), Precondition.valueEquals(expected),
                            Values.padded(op.value().get(1).asText(), size), params.write());
                } catch (InvalidRequestException e) {
                    casRejected = true;
                    throw e;
                }
                if (!written) {
                    lastSeen.remove(op.key());
                    return OpResult.fail(op.value(), "precondition did not hold");
                }
                lastSeen.put(op.key(), op.value().get(1).asLong());
                return OpResult.ok(op.value());
            }
            default -> throw new IllegalArgumentException("register has no operation " + op.f());
        }
    }
}
