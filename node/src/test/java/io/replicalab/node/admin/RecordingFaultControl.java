package io.replicalab.node.admin;

import io.replicalab.api.FaultControl;
import io.replicalab.api.LinkFault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A FaultControl that only remembers what it was told, to test the admin endpoint alone. */
final class RecordingFaultControl implements FaultControl {
    final List<LinkFault> faults = new CopyOnWriteArrayList<>();
    volatile Duration offset = Duration.ZERO;

    @Override
    public void blockLink(String from, String to) {
        healLink(from, to);
        faults.add(LinkFault.block(from, to));
    }

    @Override
    public void delayLink(String from, String to, Duration delay) {
        healLink(from, to);
        faults.add(LinkFault.delay(from, to, delay));
    }

    @Override
    public void healLink(String from, String to) {
        faults.removeIf(f -> f.from().equals(from) && f.to().equals(to));
    }

    @Override
    public void healAllLinks() {
        faults.clear();
    }

    @Override
    public List<LinkFault> linkFaults() {
        return List.copyOf(faults);
    }

    @Override
    public void setClockOffset(Duration newOffset) {
        offset = newOffset;
    }

    @Override
    public Duration clockOffset() {
        return offset;
    }
}
