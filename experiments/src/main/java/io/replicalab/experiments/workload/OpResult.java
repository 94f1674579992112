package io.replicalab.experiments.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;
import java.util.Optional;

/**
 * How an operation ended when the client call itself returned (exceptions are classified by the caller).
 *
 * @param node the node that served it (coordinator, primary or leader) when the backend's client says; else null
 */
public record OpResult(EventType type, JsonNode value, String error, String node) {
    public static OpResult ok(JsonNode value) {
        return new OpResult(EventType.OK, value, null, null);
    }

    /** Ok, served by {@code node} (empty when the backend's client does not say). */
    public static OpResult ok(JsonNode value, Optional<String> node) {
        return new OpResult(EventType.OK, value, null, node.orElse(null));
    }

    /** Definitely not applied, e.g. a compare-and-set whose precondition did not hold. */
    public static OpResult fail(JsonNode value, String why) {
        return new OpResult(EventType.FAIL, value, why, null);
    }
}
