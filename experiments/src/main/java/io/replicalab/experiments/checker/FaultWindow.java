package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One injected fault, from its nemesis start line to the stop line with the same id (run-layout.md).
 *
 * @param end monotonic ns of the stop, or {@code Long.MAX_VALUE} when the history never stopped it
 */
public record FaultWindow(int id, String fault, List<String> nodes, long start, long end, long startWall) {
    public boolean overlaps(long from, long to) {
        return from <= end && to >= start;
    }

    /** The same window moved by {@code nanos} on the time axis (for lining up runs in a comparison). */
    public FaultWindow shifted(long nanos) {
        return new FaultWindow(id, fault, nodes, start + nanos, end == Long.MAX_VALUE ? end : end + nanos, startWall);
    }

    public boolean contains(long time) {
        return time >= start && time <= end;
    }

    /** e.g. {@code #2 partition [n1] 3.20-8.10 s}. */
    public String describe() {
        return "#" + id + " " + fault + " " + nodes + " " + seconds(start) + "-"
                + (end == Long.MAX_VALUE ? "end" : seconds(end)) + " s";
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /** The fault windows of a history, in start order. */
    public static List<FaultWindow> of(History history) {
        Map<Integer, HistoryEvent> starts = new LinkedHashMap<>();
        Map<Integer, HistoryEvent> stops = new LinkedHashMap<>();
        for (HistoryEvent e : history.events()) {
            if (e.type() != EventType.NEMESIS || e.value() == null || !e.value().has("id")) {
                continue;
            }
            int id = e.value().path("id").asInt();
            if (e.f().equals("start")) {
                starts.putIfAbsent(id, e);
            } else if (e.f().equals("stop")) {
                stops.putIfAbsent(id, e);
            }
        }
        List<FaultWindow> windows = new ArrayList<>();
        starts.forEach((id, start) -> {
            HistoryEvent stop = stops.get(id);
            JsonNode v = start.value();
            List<String> nodes = new ArrayList<>();
            v.path("nodes").forEach(n -> nodes.add(n.asText()));
            windows.add(new FaultWindow(id, v.path("fault").asText("?"), List.copyOf(nodes), start.time(),
                    stop == null ? Long.MAX_VALUE : stop.time(), start.wall()));
        });
        return List.copyOf(windows);
    }

    /** The windows an interval overlaps, described, or "no fault". */
    public static String during(List<FaultWindow> windows, long from, long to) {
        List<String> hit = windows.stream().filter(w -> w.overlaps(from, to)).map(FaultWindow::describe).toList();
        return hit.isEmpty() ? "no fault" : String.join(", ", hit);
    }
}
