package io.replicalab.leaderless.membership;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One node's view of the cluster, merged from gossip, with a phi-accrual failure detector per peer.
 * Pure: time is passed in; the {@link Gossiper} does the I/O.
 *
 * <p>A peer never heard from is presumed alive during a start-up grace period, so a freshly started
 * cluster serves at once, and down after it (a configured node that never answered is not there);
 * a peer that was heard from is judged by the detector from its first heartbeat on.
 */
public final class MembershipView {
    public enum Change { NONE, ADVANCED, RESTARTED, WIPED }

    /** A membership event worth logging and reacting to (e.g. replaying hints to a node that is back). */
    public record Event(String node, Change change, NodeState state) {
    }

    private final String self;
    private final Map<String, NodeState> states = new ConcurrentHashMap<>();
    private final Map<String, Long> downSince = new ConcurrentHashMap<>();
    private final PhiAccrualFailureDetector detector;
    private final Consumer<Event> listener;
    private final long graceEndsMillis;

    public MembershipView(String self, NodeState selfState, PhiAccrualFailureDetector detector,
                          Consumer<Event> listener, long nowMillis, long startupGraceMillis) {
        this.graceEndsMillis = nowMillis + startupGraceMillis;
        this.self = self;
        this.detector = detector;
        this.listener = listener;
        states.put(self, selfState);
    }

    public synchronized NodeState bumpSelf() {
        NodeState s = states.get(self);
        NodeState next = new NodeState(s.incarnation(), s.generation(), s.heartbeat() + 1);
        states.put(self, next);
        return next;
    }

    /** The view to gossip: every node's newest known state. */
    public Map<String, NodeState> snapshot() {
        return new LinkedHashMap<>(states);
    }

    /** Merges a gossiped view; a node whose state advanced counts as a heartbeat from it. */
    public void merge(Map<String, NodeState> gossip, long nowMillis) {
        gossip.forEach((node, state) -> observe(node, state, nowMillis));
    }

    synchronized Change observe(String node, NodeState state, long nowMillis) {
        if (node.equals(self)) {
            return Change.NONE;
        }
        NodeState known = states.get(node);
        Change change;
        if (known != null && !known.incarnation().equals(state.incarnation()) && state.generation() >= known.generation()) {
            change = Change.WIPED;
        } else if (!state.isNewerThan(known)) {
            return Change.NONE;
        } else if (known != null && state.generation() > known.generation()) {
            change = Change.RESTARTED;
        } else {
            change = Change.ADVANCED;
        }
        states.put(node, state);
        if (change != Change.ADVANCED) {
            detector.remove(node); // a new process: its old inter-arrival history says nothing
        }
        detector.heartbeat(node, nowMillis);
        downSince.remove(node);
        if (change != Change.ADVANCED || known == null) {
            listener.accept(new Event(node, change, state));
        }
        return change;
    }

    public synchronized boolean isAlive(String node, long nowMillis) {
        if (node.equals(self)) {
            return true;
        }
        boolean alive = states.containsKey(node) ? detector.isAvailable(node, nowMillis) : nowMillis < graceEndsMillis;
        if (!alive) {
            downSince.putIfAbsent(node, nowMillis);
        }
        return alive;
    }

    /** How long {@code node} has been judged down, or 0 when it is alive. */
    public synchronized long downForMillis(String node, long nowMillis) {
        if (isAlive(node, nowMillis)) {
            return 0;
        }
        return nowMillis - downSince.getOrDefault(node, nowMillis);
    }

    public synchronized double phi(String node, long nowMillis) {
        return node.equals(self) || !states.containsKey(node) ? 0 : detector.phi(node, nowMillis);
    }
}
