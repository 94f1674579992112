package io.replicalab.node.rpc;

import io.replicalab.api.LinkFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fault table of one node's RPC endpoints, keyed by directed link {@code from -> to}.
 *
 * <p>A node consults it for every message it sends (link {@code self -> peer}) and receives (link
 * {@code peer -> self}), requests and responses alike. A fault is therefore enforced by whichever
 * endpoint holds it in its table; a nemesis installs each fault on one endpoint (normally the
 * sender), so a delay is applied once. Blocking drops messages silently, like a partition: the
 * caller sees a timeout, i.e. an unknown outcome, never a clean failure.
 */
public final class LinkFaults {
    private final Map<Link, LinkFault> faults = new ConcurrentHashMap<>();

    private record Link(String from, String to) {
    }

    /** What to do with one message. */
    public record Verdict(boolean drop, Duration delay) {
        public static final Verdict PASS = new Verdict(false, Duration.ZERO);
        static final Verdict DROP = new Verdict(true, Duration.ZERO);

        public boolean delayed() {
            return !drop && !delay.isZero();
        }
    }

    public void block(String from, String to) {
        faults.put(new Link(from, to), LinkFault.block(from, to));
    }

    public void delay(String from, String to, Duration delay) {
        faults.put(new Link(from, to), LinkFault.delay(from, to, delay));
    }

    public void heal(String from, String to) {
        faults.remove(new Link(from, to));
    }

    public void healAll() {
        faults.clear();
    }

    public List<LinkFault> faults() {
        List<LinkFault> list = new ArrayList<>(faults.values());
        list.sort(Comparator.comparing(LinkFault::from).thenComparing(LinkFault::to));
        return list;
    }

    public Verdict decide(String from, String to) {
        if (faults.isEmpty()) {
            return Verdict.PASS; // the common case: no map lookup, no allocation
        }
        LinkFault f = faults.get(new Link(from, to));
        if (f == null) {
            return Verdict.PASS;
        }
        return f.kind() == LinkFault.Kind.BLOCK ? Verdict.DROP : new Verdict(false, f.delay());
    }
}
