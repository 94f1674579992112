package io.replicalab.experiments.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of a history (Jepsen-style). Field names are the JSONL keys.
 *
 * <p>Values by workload: {@code register} writes a number, reads return a number or null, {@code cas}
 * carries {@code [expected, new]}; {@code cart} adds an element, reads return the list of elements;
 * {@code list-append} appends a number, reads return the list; {@code kv} puts and gets strings.
 *
 * @param index position in the history, 0-based, strictly increasing
 * @param type invoke, a completion, a nemesis action or a backend event
 * @param process the logical client (one operation outstanding at a time); {@link #NO_PROCESS} for
 *     nemesis and backend events
 * @param f the operation ({@code read}, {@code write}, {@code cas}, {@code add}, {@code append},
 *     {@code delete}) or, for nemesis/event lines, the action ({@code start-partition}, {@code leader})
 * @param key the key, null for events that have none
 * @param value the operation's value (see above); for nemesis lines the fault's description
 * @param node the node the client contacted, or the node an event concerns; may be null
 * @param time monotonic nanoseconds since the history began
 * @param wall wall-clock milliseconds since the epoch (for reading logs side by side)
 * @param error for fail/info completions, why; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEvent(long index, EventType type, int process, String f, String key, JsonNode value, String node,
                           long time, long wall, String error) {
    public static final int NO_PROCESS = -1;

    public HistoryEvent {
        if (type == null || f == null) {
            throw new IllegalArgumentException("history event " + index + ": type and f are required");
        }
    }

    @JsonIgnore
    public boolean isClientOp() {
        return process >= 0;
    }
}
