package io.replicalab.node;

import io.replicalab.api.AdjustableClock;
import io.replicalab.api.FaultControl;
import io.replicalab.api.LinkFault;
import io.replicalab.node.rpc.LinkFaults;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link FaultControl} of a node in this JVM: its RPC link-fault table and its clock. */
public final class LocalFaultControl implements FaultControl {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFaultControl.class);

    private final String nodeId;
    private final LinkFaults links;
    private final AdjustableClock clock;

    public LocalFaultControl(String nodeId, LinkFaults links, AdjustableClock clock) {
        this.nodeId = nodeId;
        this.links = links;
        this.clock = clock;
    }

    @Override
    public void blockLink(String from, String to) {
        LOG.info("{}: block {} -> {}", nodeId, from, to);
        links.block(from, to);
    }

    @Override
    public void delayLink(String from, String to, Duration delay) {
        LOG.info("{}: delay {} -> {} by {} ms", nodeId, from, to, delay.toMillis());
        links.delay(from, to, delay);
    }

    @Override
    public void healLink(String from, String to) {
        LOG.info("{}: heal {} -> {}", nodeId, from, to);
        links.heal(from, to);
    }

    @Override
    public void healAllLinks() {
        LOG.info("{}: heal all links", nodeId);
        links.healAll();
    }

    @Override
    public List<LinkFault> linkFaults() {
        return links.faults();
    }

    @Override
    public void setClockOffset(Duration offset) {
        LOG.info("{}: clock offset {} ms", nodeId, offset.toMillis());
        clock.setOffset(offset);
    }

    @Override
    public Duration clockOffset() {
        return clock.offset();
    }
}
