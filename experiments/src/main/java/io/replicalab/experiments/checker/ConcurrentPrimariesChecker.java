package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Split brain as the clients saw it: did a primary (or leader) acknowledge writes while a newer one already
 * led? Leadership comes from the history's backend events ({@link Tenures}: a node's {@code promotion} lines
 * when it has them (single-leader: promoted / deposed, with the epoch and the node's own time), else its
 * {@code leader} lines (the runner's status polls: raft's term); a kill, pause or wipe of the node ends its
 * tenure). Who acknowledged a write is its completion's {@code node}. A write is a
 * <em>stale acknowledgement</em> when the node that served it was superseded for the whole time the write was
 * in flight: another node held a tenure of a higher term/epoch that began before the write was invoked and
 * had not ended when it completed. Then two nodes were writable primaries at once (the newer one was
 * primary, the older one took the write). The verdict is invalid when there is one.
 *
 * <p>Claims alone are reported beside the verdict ({@code maxClaimingPrimaries}, {@code claimedOverlapMs}):
 * an isolated Raft leader still believes it leads for a while, but cannot commit, so it acknowledges nothing.
 */
public final class ConcurrentPrimariesChecker implements Checker {
    public static final String NAME = "concurrent-primaries";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> skipReason(RunData run) {
        if (Tenures.of(run.history()).isEmpty()) {
            return Optional.of("no leader or promotion events in the history (a backend without leaders)");
        }
        if (acknowledgedWrites(run).stream().noneMatch(op -> op.servedBy().isPresent())) {
            return Optional.of("no acknowledged write says which node served it (node field absent)");
        }
        return Optional.empty();
    }

    private static List<Operation> acknowledgedWrites(RunData run) {
        return run.mainOperations().stream()
                .filter(op -> op.outcome() == EventType.OK && run.workload().isWrite(op.invoke().f())).toList();
    }

    /** A superseded primary's tenure and its successor's, with the writes the superseded one took meanwhile. */
    private record Window(Tenures.Tenure old, Tenures.Tenure successor, List<Operation> writes) {
    }

    @Override
    public CheckResult check(RunData run) {
        List<Tenures.Tenure> tenures = Tenures.of(run.history());
        List<Operation> writes = acknowledgedWrites(run);
        Map<String, Window> windows = new LinkedHashMap<>();
        int attributed = 0;
        int unattributed = 0;
        for (Operation w : writes) {
            Optional<String> node = w.servedBy();
            if (node.isEmpty()) {
                continue;
            }
            Optional<Tenures.Tenure> own = ownTenure(tenures, node.get(), w.end());
            if (own.isEmpty()) {
                unattributed++;
                continue;
            }
            attributed++;
            Tenures.Tenure mine = own.get();
            tenures.stream()
                    .filter(t -> !t.node().equals(mine.node()) && t.term() > mine.term()
                            && t.start() <= w.start() && t.end() >= w.end())
                    .min(Comparator.comparingLong(Tenures.Tenure::start))
                    .ifPresent(successor -> windows.computeIfAbsent(mine.key() + ">" + successor.key(),
                            k -> new Window(mine, successor, new ArrayList<>())).writes().add(w));
        }
        int stale = windows.values().stream().mapToInt(x -> x.writes().size()).sum();
        long writableOverlapNs = windows.values().stream()
                .mapToLong(x -> x.writes().get(x.writes().size() - 1).end() - x.successor().start()).sum();
        Map<String, Long> successorAcks = new TreeMap<>();
        for (Window x : windows.values()) {
            long until = x.writes().get(x.writes().size() - 1).end();
            long n = writes.stream().filter(w -> w.servedBy().filter(x.successor().node()::equals).isPresent()
                    && w.start() >= x.successor().start() && w.end() <= until).count();
            successorAcks.merge(x.successor().node(), n, Long::sum);
        }
        Tenures.Overlap claimed = Tenures.overlap(tenures, run.mainPhaseEnd());

        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("maxWritablePrimaries", windows.isEmpty() ? (attributed > 0 ? 1 : 0) : 2);
        numbers.put("concurrentWindows", windows.size());
        numbers.put("staleAcknowledgements", stale);
        numbers.put("writableOverlapMs", writableOverlapNs / 1_000_000);
        numbers.put("successorAcknowledgementsDuringOverlap", successorAcks.values().stream().mapToLong(Long::longValue).sum());
        numbers.put("acknowledgedWrites", writes.size());
        numbers.put("writesWithNode", attributed + unattributed);
        numbers.put("writesOutsideAnyTenure", unattributed);
        numbers.put("primaries", tenures.stream().map(Tenures.Tenure::node).distinct().count());
        numbers.put("tenures", tenures.size());
        numbers.put("maxClaimingPrimaries", claimed.max());
        numbers.put("claimedOverlapMs", claimed.nanos() / 1_000_000);

        List<String> examples = new ArrayList<>();
        for (Window x : windows.values()) {
            Operation first = x.writes().get(0);
            examples.add(x.old().node() + " (term/epoch " + x.old().term() + ") acknowledged " + x.writes().size()
                    + " write(s) while " + x.successor().node() + " (term/epoch " + x.successor().term() + ") led since "
                    + Describe.seconds(x.successor().start()) + ", the first: " + Describe.op(first));
            if (examples.size() == CheckResult.MAX_EXAMPLES) {
                break;
            }
        }
        if (examples.isEmpty() && claimed.max() > 1) {
            examples.add(claimed.max() + " nodes claimed to lead at once for " + claimed.nanos() / 1_000_000
                    + " ms in all, but no superseded one acknowledged a write meanwhile");
        }
        String summary = windows.isEmpty()
                ? "never two writable primaries: no write acknowledged by a superseded primary (" + attributed
                        + " writes with their primary)"
                : "two writable primaries: " + stale + " write(s) acknowledged by a superseded primary in " + windows.size()
                        + " window(s), " + writableOverlapNs / 1_000_000 + " ms in all";
        return new CheckResult(NAME, windows.isEmpty() ? Verdict.VALID : Verdict.INVALID, summary, numbers, examples);
    }

    /**
     * The tenure of {@code node} a write it completed at {@code end} belongs to: its latest one begun by then, else
     * its first later one (the events that announce a tenure can come after the node started serving).
     */
    private static Optional<Tenures.Tenure> ownTenure(List<Tenures.Tenure> tenures, String node, long end) {
        Optional<Tenures.Tenure> before = tenures.stream().filter(t -> t.node().equals(node) && t.start() <= end)
                .max(Comparator.comparingLong(Tenures.Tenure::start));
        return before.or(() -> tenures.stream().filter(t -> t.node().equals(node))
                .min(Comparator.comparingLong(Tenures.Tenure::start)));
    }
}
