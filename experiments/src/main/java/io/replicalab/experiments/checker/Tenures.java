package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Leadership tenures read from a history's backend and nemesis events: a node's {@code promotion} lines when it
 * has them (its own exact record), else its {@code leader} lines (the runner's status polls); a kill or wipe of the
 * node ends its tenure. A pause does not: a SIGSTOPped leader still believes it leads when it resumes, until its
 * own deposition or a status saying otherwise (the seed-003 case: a lock holder stalled past its TTL).
 */
final class Tenures {
    private Tenures() {
    }

    /**
     * One node's time as leader / primary in one term (raft) or epoch (single-leader).
     *
     * @param end when it stopped (a later event of the node saying otherwise, a kill or wipe of it), or
     *            {@code Long.MAX_VALUE}
     */
    record Tenure(String node, long term, long start, long end) {
        String key() {
            return node + "@" + term;
        }
    }

    record Overlap(int max, long nanos) {
    }

    private record Mark(long time, String node, Long term, boolean begins) {
    }

    static List<Tenure> of(History history) {
        // A node's own promotion record is exact; its status is a 200 ms sample that can lag or flap
        // around a promotion, so the leader events of a node with promotion records are not used.
        Set<String> promoting = new HashSet<>();
        history.backendEvents().stream().filter(e -> e.f().equals("promotion") && e.node() != null)
                .forEach(e -> promoting.add(e.node()));
        List<Mark> marks = new ArrayList<>();
        for (HistoryEvent e : history.events()) {
            JsonNode v = e.value();
            if (e.type() == EventType.EVENT && e.node() != null && v != null) {
                if (e.f().equals("promotion")) {
                    String kind = v.path("kind").asText();
                    long at = promotionTime(e, v);
                    if (kind.equals("promoted")) {
                        marks.add(new Mark(at, e.node(), v.path("epoch").asLong(), true));
                    } else if (kind.equals("deposed")) {
                        marks.add(new Mark(at, e.node(), null, false));
                    }
                } else if (e.f().equals("leader") && !promoting.contains(e.node())) {
                    boolean self = e.node().equals(v.path("leader").asText(null))
                            && !v.path("role").asText("leader").matches("follower|replica|candidate");
                    marks.add(new Mark(e.time(), e.node(), self ? v.path("term").asLong() : null, self));
                }
            } else if (e.type() == EventType.NEMESIS && e.f().equals("start") && v != null
                    && Set.of("kill", "wipe").contains(v.path("fault").asText())) {
                v.path("nodes").forEach(n -> marks.add(new Mark(e.time(), n.asText(), null, false)));
            }
        }
        marks.sort(Comparator.comparingLong(Mark::time));
        Map<String, Tenure> open = new HashMap<>();
        List<Tenure> done = new ArrayList<>();
        for (Mark m : marks) {
            Tenure current = open.get(m.node());
            if (m.begins()) {
                if (current != null && current.term() == m.term()) {
                    continue; // the same tenure announced again (promotion then status)
                }
                if (current != null) {
                    done.add(new Tenure(current.node(), current.term(), current.start(), m.time()));
                }
                open.put(m.node(), new Tenure(m.node(), m.term(), m.time(), Long.MAX_VALUE));
            } else if (current != null) {
                done.add(new Tenure(current.node(), current.term(), current.start(), m.time()));
                open.remove(m.node());
            }
        }
        done.addAll(open.values());
        done.sort(Comparator.comparingLong(Tenure::start));
        return done;
    }

    /**
     * A promotion's own time ({@code at-millis}, the node's wall clock) on the history's clock, using the wall and
     * monotonic times of the line that reported it; never later than that line.
     */
    private static long promotionTime(HistoryEvent e, JsonNode v) {
        JsonNode at = v.has("at-millis") ? v.get("at-millis") : v.get("atMillis");
        if (at == null || !at.canConvertToLong() || e.wall() == 0) {
            return e.time();
        }
        // at-millis is whole milliseconds: take the end of its millisecond, so a tenure never starts too early.
        return Math.min(e.time(), e.time() - (e.wall() - at.asLong() - 1) * 1_000_000);
    }

    /** The most tenures open at once before {@code until}, and how long two or more were. */
    static Overlap overlap(List<Tenure> tenures, long until) {
        TreeMap<Long, Integer> delta = new TreeMap<>();
        for (Tenure t : tenures) {
            if (t.start() < until) {
                delta.merge(t.start(), 1, Integer::sum);
                delta.merge(Math.min(t.end(), until), -1, Integer::sum);
            }
        }
        int open = 0;
        int max = 0;
        long nanos = 0;
        long since = 0;
        for (Map.Entry<Long, Integer> d : delta.entrySet()) {
            if (open >= 2) {
                nanos += d.getKey() - since;
            }
            open += d.getValue();
            since = d.getKey();
            max = Math.max(max, open);
        }
        return new Overlap(max, nanos);
    }
}
