package io.replicalab.experiments.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One scheduled fault: start {@code at} after the workload began, undo it {@code for} later.
 *
 * <p>Targets by fault: {@code partition} and {@code delay} take {@code isolate-one}, {@code isolate-leader},
 * {@code halves} (a random majority and minority), {@code bridge} (two halves that only one node sees both
 * of) or a node id (isolate that node); {@code kill}, {@code pause}, {@code wipe} and {@code clock} take
 * {@code one}, {@code minority}, {@code leader} or a node id; so does {@code zk-partition}, which cuts the
 * target nodes from ZooKeeper only (not from their peers or clients: single-leader's coordination link). A
 * leader target falls back to a random node when the backend reports no leader.
 *
 * @param offset for {@code clock}: how far the node's clock jumps (e.g. {@code 10s}, {@code -5s})
 * @param delay for {@code delay}: the added one-way latency (default {@code 200ms})
 */
public record FaultStep(String at, String forDuration, String fault, String target, String offset, String delay) {
    public static final List<String> FAULTS = List.of("partition", "kill", "pause", "wipe", "clock", "delay", "zk-partition");
    /** The fault that needs a backend using ZooKeeper. */
    public static final String ZK_PARTITION = "zk-partition";
    static final List<String> LINK_TARGETS = List.of("isolate-one", "isolate-leader", "halves", "bridge");
    static final List<String> NODE_TARGETS = List.of("one", "minority", "leader");
    private static final Map<String, String> DEFAULT_TARGET = Map.of("partition", "isolate-one", "delay", "isolate-one",
            "kill", "one", "pause", "one", "wipe", "one", "clock", "one", ZK_PARTITION, "leader");

    @JsonCreator
    public FaultStep(@JsonProperty("at") String at, @JsonProperty("for") String forDuration,
                     @JsonProperty("fault") String fault, @JsonProperty("target") String target,
                     @JsonProperty("offset") String offset, @JsonProperty("delay") String delay) {
        this.fault = SpecChecks.choice("nemesis fault", fault, null, FAULTS);
        this.at = at == null ? "0s" : at;
        this.forDuration = forDuration == null ? "5s" : forDuration;
        this.target = target == null ? DEFAULT_TARGET.get(this.fault) : target.trim();
        this.offset = offset == null ? "10s" : offset;
        this.delay = delay == null ? "200ms" : delay;
        SpecChecks.duration("nemesis " + this.fault + ".at", this.at, null);
        SpecChecks.duration("nemesis " + this.fault + ".for", this.forDuration, null);
        SpecChecks.duration("nemesis " + this.fault + ".delay", this.delay, null);
        String off = this.offset.trim();
        SpecChecks.duration("nemesis " + this.fault + ".offset", off.startsWith("-") ? off.substring(1) : off, null);
        boolean linkFault = this.fault.equals("partition") || this.fault.equals("delay");
        List<String> named = linkFault ? LINK_TARGETS : NODE_TARGETS;
        SpecChecks.require(named.contains(this.target) || this.target.matches("[A-Za-z0-9_.-]+"), "nemesis " + this.fault + ".target",
                "'" + target + "' is unknown: use one of " + String.join(", ", named) + " or a node id");
        SpecChecks.require(linkFault || !LINK_TARGETS.contains(this.target), "nemesis " + this.fault + ".target",
                "'" + this.target + "' is a partition target: use one of " + String.join(", ", named) + " or a node id");
        SpecChecks.require(!linkFault || !NODE_TARGETS.contains(this.target), "nemesis " + this.fault + ".target",
                "'" + this.target + "' is not a link target: use one of " + String.join(", ", named) + " or a node id");
    }

    @JsonProperty("for")
    public String forDuration() {
        return forDuration;
    }

    public Duration atDuration() {
        return SpecChecks.duration("at", at, null);
    }

    public Duration length() {
        return SpecChecks.duration("for", forDuration, null);
    }

    public Duration delayDuration() {
        return SpecChecks.duration("delay", delay, null);
    }

    /** The clock offset, negative when written with a leading minus. */
    public Duration offsetDuration() {
        String off = offset.trim();
        return off.startsWith("-") ? SpecChecks.duration("offset", off.substring(1), null).negated()
                : SpecChecks.duration("offset", off, null);
    }

    /** True when the target is a node id rather than a rule such as {@code one} or {@code halves}. */
    public boolean targetsNamedNode() {
        return !LINK_TARGETS.contains(target) && !NODE_TARGETS.contains(target);
    }
}
