package io.replicalab.leaderless.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.leaderless.membership.MembershipView.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipViewTest {
    private final List<MembershipView.Event> events = new ArrayList<>();

    private MembershipView view(long now) {
        return new MembershipView("n1", new NodeState("inc-1", 1000, 0),
                new PhiAccrualFailureDetector(new PhiAccrualFailureDetector.Config(8, 100, 50, 500, 100)),
                events::add, now, 1000);
    }

    @Test
    void gossipRevealsRestartsAndWipes() {
        MembershipView v = view(0);
        assertEquals(Change.ADVANCED, v.observe("n2", new NodeState("a", 1000, 1), 0));
        assertEquals(Change.ADVANCED, v.observe("n2", new NodeState("a", 1000, 2), 100));
        assertEquals(Change.NONE, v.observe("n2", new NodeState("a", 1000, 1), 150), "old news");
        assertEquals(Change.RESTARTED, v.observe("n2", new NodeState("a", 2000, 0), 200), "new process, same disk");
        assertEquals(Change.WIPED, v.observe("n2", new NodeState("b", 3000, 0), 300), "new disk");
        assertEquals(List.of(Change.ADVANCED, Change.RESTARTED, Change.WIPED), events.stream().map(MembershipView.Event::change).toList());
    }

    @Test
    void silenceMakesAPeerDownAndANeverSeenPeerIsDownAfterTheGrace() {
        MembershipView v = view(0);
        for (long t = 0; t <= 2000; t += 100) {
            v.merge(Map.of("n2", new NodeState("a", 1000, t / 100)), t);
        }
        assertTrue(v.isAlive("n2", 2100));
        assertFalse(v.isAlive("n2", 6000), "no heartbeat for 4 s");
        assertTrue(v.downForMillis("n2", 7000) > 0);
        assertTrue(v.isAlive("n3", 500), "never heard from, but within the start-up grace");
        assertFalse(v.isAlive("n3", 5000), "never heard from after the grace");
        assertTrue(v.isAlive("n1", 99_999), "a node always sees itself");
    }
}
