package io.replicalab.experiments.nemesis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicalab.experiments.cluster.Cluster;
import io.replicalab.experiments.history.HistoryWriter;
import io.replicalab.experiments.spec.FaultStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects faults into a {@link Cluster} and writes every start and stop to the history (type
 * {@code nemesis}, f {@code start}/{@code stop}, value {@code {id, fault, nodes, ...}}). Target rules
 * ({@code one}, {@code halves}, ...) are resolved when a fault starts, with this nemesis's seeded random.
 * Not thread-safe: {@link NemesisRunner} calls it from one thread.
 */
public final class Nemesis {
    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** ZooKeeper's name as a link end in a node's link-fault table (single-leader's ZooKeeper proxy). */
    static final String ZOOKEEPER = "zookeeper";

    private final Cluster cluster;
    private final HistoryWriter history;
    private final Random rnd;
    private int nextId = 1;

    public Nemesis(Cluster cluster, HistoryWriter history, long seed) {
        this.cluster = cluster;
        this.history = history;
        this.rnd = new Random(seed * 7919L + 17);
    }

    /** Starts {@code step}'s fault and writes its start line; empty when it could not be started (logged). */
    public Optional<ActiveFault> start(FaultStep step) {
        int id = nextId++;
        ObjectNode d = JSON.objectNode().put("id", id).put("fault", step.fault()).put("target", step.target());
        try {
            ActiveFault fault = switch (step.fault()) {
                case "partition" -> links(id, step, d, false);
                case "delay" -> links(id, step, d, true);
                case "kill" -> nodes(id, step, d, cluster::kill, cluster::restart);
                case "pause" -> nodes(id, step, d, cluster::pause, cluster::resume);
                case "wipe" -> nodes(id, step, d, n -> {
                    cluster.kill(n);
                    cluster.wipe(n);
                }, cluster::restart);
                case "clock" -> clock(id, step, d);
                case FaultStep.ZK_PARTITION -> zooKeeperLinks(id, step, d);
                default -> throw new IllegalArgumentException("unknown fault " + step.fault());
            };
            history.nemesis("start", fault.description());
            LOG.info("nemesis start {}", fault.description());
            return Optional.of(fault);
        } catch (RuntimeException e) {
            LOG.warn("nemesis could not start {} on {}: {}", step.fault(), step.target(), e.toString());
            return Optional.empty();
        }
    }

    /** Undoes {@code fault} and writes its stop line (with the error, if undoing failed). */
    public void stop(ActiveFault fault) {
        ObjectNode d = fault.description().deepCopy();
        try {
            fault.undo().run();
        } catch (RuntimeException e) {
            LOG.warn("nemesis could not stop {}: {}", fault.description(), e.toString());
            d.put("error", e.toString());
        }
        history.nemesis("stop", d);
        LOG.info("nemesis stop {}", d);
    }

    private ActiveFault links(int id, FaultStep step, ObjectNode d, boolean delay) {
        List<String> all = cluster.nodeIds();
        List<List<String>> sides = sides(step, d, all);
        List<String[]> cut = new ArrayList<>();
        for (int i = 0; i < sides.size(); i++) {
            for (int j = 0; j < sides.size(); j++) {
                if (i != j) {
                    for (String a : sides.get(i)) {
                        for (String b : sides.get(j)) {
                            cut.add(new String[] {a, b});
                        }
                    }
                }
            }
        }
        Duration latency = step.delayDuration();
        ArrayNode linkList = d.putArray("links");
        for (String[] link : cut) {
            linkList.addArray().add(link[0]).add(link[1]);
            if (delay) {
                cluster.delayLink(link[0], link[1], latency);
            } else {
                cluster.blockLink(link[0], link[1]);
            }
        }
        if (delay) {
            d.put("delay-ms", latency.toMillis());
        }
        List<String> nodes = sides.get(0);
        putNodes(d, nodes);
        ArrayNode grudge = d.putArray("sides");
        sides.forEach(s -> grudge.add(toArray(s)));
        return new ActiveFault(id, step, nodes, d, () -> cut.forEach(l -> cluster.healLink(l[0], l[1])));
    }

    /**
     * The groups that must not talk to each other; the first is the one the fault is "about" (the isolated
     * node, the minority). A bridge is returned as two sides plus the bridge node, who talks to both.
     */
    private List<List<String>> sides(FaultStep step, ObjectNode d, List<String> all) {
        List<String> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, rnd);
        switch (step.target()) {
            case "isolate-one" -> {
                return isolate(shuffled.get(0), all);
            }
            case "isolate-leader" -> {
                return isolate(leaderOrRandom(d, shuffled), all);
            }
            case "halves" -> {
                int minority = all.size() / 2;
                return List.of(shuffled.subList(0, minority), shuffled.subList(minority, all.size()));
            }
            case "bridge" -> {
                int half = (all.size() - 1) / 2;
                String bridge = shuffled.get(half);
                d.put("bridge", bridge);
                return List.of(shuffled.subList(0, half), shuffled.subList(half + 1, all.size()));
            }
            default -> {
                return isolate(cluster.spec().requireNode(step.target()).id(), all);
            }
        }
    }

    private static List<List<String>> isolate(String node, List<String> all) {
        return List.of(List.of(node), all.stream().filter(n -> !n.equals(node)).toList());
    }

    private ActiveFault nodes(int id, FaultStep step, ObjectNode d, java.util.function.Consumer<String> apply,
                              java.util.function.Consumer<String> undo) {
        List<String> targets = targets(step, d);
        putNodes(d, targets);
        List<String> done = new ArrayList<>();
        for (String n : targets) {
            apply.accept(n);
            done.add(n);
        }
        return new ActiveFault(id, step, targets, d, () -> done.forEach(undo));
    }

    /**
     * Cuts each target from ZooKeeper only: {@code block n -> zookeeper} in the node's own link-fault table,
     * which its ZooKeeper proxy obeys (single-leader). Peers and clients still reach the node.
     */
    private ActiveFault zooKeeperLinks(int id, FaultStep step, ObjectNode d) {
        List<String> targets = targets(step, d);
        putNodes(d, targets);
        ArrayNode linkList = d.putArray("links");
        for (String n : targets) {
            cluster.faults(n).blockLink(n, ZOOKEEPER);
            linkList.addArray().add(n).add(ZOOKEEPER);
        }
        return new ActiveFault(id, step, targets, d, () -> targets.stream().filter(n -> cluster.isRunning(n) && !cluster.isPaused(n))
                .forEach(n -> cluster.faults(n).healLink(n, ZOOKEEPER)));
    }

    private ActiveFault clock(int id, FaultStep step, ObjectNode d) {
        List<String> targets = targets(step, d);
        Duration offset = step.offsetDuration();
        putNodes(d, targets);
        d.put("offset-ms", offset.toMillis());
        targets.forEach(n -> cluster.setClockOffset(n, offset));
        return new ActiveFault(id, step, targets, d, () -> targets.stream().filter(n -> cluster.isRunning(n) && !cluster.isPaused(n))
                .forEach(n -> cluster.setClockOffset(n, Duration.ZERO)));
    }

    /** Nodes for a node fault, chosen among the running, unpaused ones. */
    private List<String> targets(FaultStep step, ObjectNode d) {
        List<String> up = new ArrayList<>(cluster.nodeIds().stream().filter(n -> cluster.isRunning(n) && !cluster.isPaused(n))
                .toList());
        Collections.shuffle(up, rnd);
        if (up.isEmpty()) {
            throw new IllegalStateException("no node is up to " + step.fault());
        }
        return switch (step.target()) {
            case "one" -> List.of(up.get(0));
            case "minority" -> List.copyOf(up.subList(0, Math.max(1, Math.min(up.size(), (cluster.nodeIds().size() - 1) / 2))));
            case "leader" -> List.of(leaderOrRandom(d, up));
            default -> {
                String n = cluster.spec().requireNode(step.target()).id();
                if (!up.contains(n)) {
                    throw new IllegalStateException("node " + n + " is down or paused already");
                }
                yield List.of(n);
            }
        };
    }

    /** The leader the backend reports; a random node (noted in the description) when it reports none. */
    private String leaderOrRandom(ObjectNode d, List<String> shuffled) {
        Optional<String> leader = cluster.leader().filter(shuffled::contains);
        d.put("leader-known", leader.isPresent());
        return leader.orElse(shuffled.get(0));
    }

    private static void putNodes(ObjectNode d, List<String> nodes) {
        d.set("nodes", toArray(nodes));
    }

    private static ArrayNode toArray(List<String> nodes) {
        ArrayNode a = JSON.arrayNode();
        nodes.forEach(a::add);
        return a;
    }
}
