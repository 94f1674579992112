package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Generates register histories that are linearizable by construction: every operation takes effect at
 * one instant inside its [call, return] interval, the instants are applied in order to a real register,
 * and clients overlap at random. Used by the property test and the checker benchmark.
 */
public final class RegisterHistories {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * @param values writes and cas pick values in 0..values-1 (few values make the search work harder)
     * @param infoRate share of operations whose outcome is unknown (a timeout); they may or may not apply
     */
    public record Options(long seed, int operations, int keys, int clients, int values, double infoRate) {
    }

    private record Planned(int process, String key, String f, int arg, int arg2, long call, long at, long ret,
                           boolean info, boolean applies) {
    }

    private RegisterHistories() {
    }

    public static History generate(Options o) {
        Random rnd = new Random(o.seed());
        List<Planned> plan = plan(o, rnd);
        List<HistoryEvent> events = new ArrayList<>();
        Map<String, Integer> register = new HashMap<>();
        List<Planned> byInstant = new ArrayList<>(plan);
        byInstant.sort(Comparator.comparingLong(Planned::at));
        Map<Planned, HistoryEvent[]> lines = new HashMap<>();
        for (Planned p : byInstant) {
            lines.put(p, apply(p, register));
        }
        List<HistoryEvent> unordered = new ArrayList<>();
        lines.values().forEach(pair -> {
            unordered.add(pair[0]);
            unordered.add(pair[1]);
        });
        unordered.sort(Comparator.comparingLong(HistoryEvent::time).thenComparing(e -> e.type() != EventType.INVOKE));
        for (HistoryEvent e : unordered) {
            events.add(new HistoryEvent(events.size(), e.type(), e.process(), e.f(), e.key(), e.value(), e.node(),
                    e.time(), e.wall(), e.error()));
        }
        return new History(events);
    }

    /** Closed-loop clients: each calls again a little after its previous operation returned. */
    private static List<Planned> plan(Options o, Random rnd) {
        PriorityQueue<long[]> clients = new PriorityQueue<>(Comparator.comparingLong(c -> c[1]));
        for (int c = 0; c < o.clients(); c++) {
            clients.add(new long[] {c, rnd.nextInt(1_000)});
        }
        List<Planned> plan = new ArrayList<>(o.operations());
        for (int i = 0; i < o.operations(); i++) {
            long[] client = clients.poll();
            long call = client[1] + 1 + rnd.nextInt(1_000);
            long at = call + 1 + rnd.nextInt(5_000);
            long ret = at + 1 + rnd.nextInt(5_000);
            int dice = rnd.nextInt(10);
            String f = dice < 4 ? "read" : dice < 8 ? "write" : "cas";
            boolean info = rnd.nextDouble() < o.infoRate();
            plan.add(new Planned((int) client[0], "k" + rnd.nextInt(o.keys()), f, rnd.nextInt(o.values()),
                    rnd.nextInt(o.values()), call, at, ret, info, !info || rnd.nextBoolean()));
            client[1] = ret;
            clients.add(client);
        }
        return plan;
    }

    /** Applies {@code p} at its instant and returns its invoke and completion lines (indices set later). */
    private static HistoryEvent[] apply(Planned p, Map<String, Integer> register) {
        Integer current = register.get(p.key());
        JsonNode invokeValue = switch (p.f()) {
            case "write" -> JSON.numberNode(p.arg());
            case "cas" -> JSON.arrayNode().add(p.arg()).add(p.arg2());
            default -> null;
        };
        EventType outcome = p.info() ? EventType.INFO : EventType.OK;
        JsonNode result = invokeValue;
        if (p.f().equals("read")) {
            result = p.info() || current == null ? JSON.nullNode() : JSON.numberNode(current);
        } else if (p.f().equals("write") && p.applies()) {
            register.put(p.key(), p.arg());
        } else if (p.f().equals("cas")) {
            boolean matches = current != null && current == p.arg();
            if (matches && p.applies()) {
                register.put(p.key(), p.arg2());
            } else if (!p.info()) {
                outcome = EventType.FAIL;
            }
        }
        HistoryEvent invoke = new HistoryEvent(0, EventType.INVOKE, p.process(), p.f(), p.key(), invokeValue, null,
                p.call(), 0, null);
        HistoryEvent done = new HistoryEvent(0, outcome, p.process(), p.f(), p.key(), p.info() ? null : result, null,
                p.ret(), 0, p.info() ? "timeout" : outcome == EventType.FAIL ? "precondition failed" : null);
        return new HistoryEvent[] {invoke, done};
    }
}
