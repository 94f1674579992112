package io.replicalab.experiments.workload;

import com.fasterxml.jackson.databind.JsonNode;

/** An operation a workload asks a client to run: {@code f} on {@code key} with {@code value} (history vocabulary). */
public record Op(String f, String key, JsonNode value) {
    public static Op read(String key) {
        return new Op("read", key, null);
    }
}
