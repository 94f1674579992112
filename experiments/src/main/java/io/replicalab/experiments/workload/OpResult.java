package io.replicalab.experiments.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;

/** How an operation ended when the client call itself returned (exceptions are classified by the caller). */
public record OpResult(EventType type, JsonNode value, String error) {
    public static OpResult ok(JsonNode value) {
        return new OpResult(EventType.OK, value, null);
    }

    /** Definitely not applied, e.g. a compare-and-set whose precondition did not hold. */
    public static OpResult fail(JsonNode value, String why) {
        return new OpResult(EventType.FAIL, value, why);
    }
}
