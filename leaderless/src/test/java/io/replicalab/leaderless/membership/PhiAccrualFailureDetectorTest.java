package io.replicalab.leaderless.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.leaderless.membership.PhiAccrualFailureDetector.Config;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PhiAccrualFailureDetectorTest {
    /** 1 s heartbeats with up to ±100 ms jitter, no extra pause allowance. */
    private static final Config CONFIG = new Config(8.0, 1000, 100, 0, 1000);

    /** Feeds {@code count} jittered heartbeats ending at the returned time. */
    private static long regularHeartbeats(PhiAccrualFailureDetector detector, String peer, long start, int count, Random random) {
        long now = start;
        for (int i = 0; i < count; i++) {
            now += 900 + random.nextInt(201);
            detector.heartbeat(peer, now);
        }
        return now;
    }

    @Test
    void regularHeartbeatsKeepPhiLow() {
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector(CONFIG);
        Random random = new Random(4);
        long last = regularHeartbeats(detector, "b", 0, 50, random);
        assertTrue(detector.phi("b", last + 500) < 1.0);
        assertTrue(detector.phi("b", last + 1000) < 1.0, "on time: phi " + detector.phi("b", last + 1000));
        assertTrue(detector.isAvailable("b", last + 1200));
    }

    @Test
    void silenceOfSeveralIntervalsCrossesTheThresholdAndHeartbeatsRecover() {
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector(CONFIG);
        Random random = new Random(7);
        long last = regularHeartbeats(detector, "b", 0, 50, random);
        assertFalse(detector.isAvailable("b", last + 3_000), "three missed heartbeats: phi "
                + detector.phi("b", last + 3_000));
        assertTrue(detector.phi("b", last + 3_000) > 8.0);

        // The peer comes back: one long interval enters the window, yet regular beats restore trust.
        long back = last + 5_000;
        detector.heartbeat("b", back);
        assertTrue(detector.isAvailable("b", back + 500));
        long later = regularHeartbeats(detector, "b", back, 5, random);
        assertTrue(detector.isAvailable("b", later + 1_000));
    }

    @Test
    void acceptablePauseDelaysSuspicion() {
        PhiAccrualFailureDetector strict = new PhiAccrualFailureDetector(CONFIG);
        PhiAccrualFailureDetector tolerant = new PhiAccrualFailureDetector(new Config(8.0, 1000, 100, 3_000, 1000));
        long last = regularHeartbeats(strict, "b", 0, 20, new Random(1));
        regularHeartbeats(tolerant, "b", 0, 20, new Random(1));
        assertFalse(strict.isAvailable("b", last + 3_000));
        assertTrue(tolerant.isAvailable("b", last + 3_000));
        assertFalse(tolerant.isAvailable("b", last + 6_000));
    }

    @Test
    void unknownPeersAreAvailableUntilThereIsEvidence() {
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector();
        assertEquals(0.0, detector.phi("never", 1_000_000));
        assertTrue(detector.isAvailable("never", 1_000_000));
        assertFalse(detector.isMonitoring("never"));

        detector.heartbeat("c", 1_000);
        assertTrue(detector.isMonitoring("c"));
        assertTrue(detector.isAvailable("c", 1_500), "first heartbeat uses the estimate");
        assertFalse(detector.isAvailable("c", 60_000));
        detector.remove("c");
        assertTrue(detector.isAvailable("c", 60_000));
    }

    @Test
    void windowIsBoundedSoOldRhythmsAreForgotten() {
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector(new Config(8.0, 10, 10, 0, 100));
        long now = 0;
        for (int i = 0; i < 100; i++) { // slow rhythm: every 1000 ms
            now += 1000;
            detector.heartbeat("b", now);
        }
        for (int i = 0; i < 10; i++) { // fast rhythm fills the whole window
            now += 100;
            detector.heartbeat("b", now);
        }
        assertFalse(detector.isAvailable("b", now + 1000), "only the fast rhythm is remembered");
    }

    @Test
    void reorderedHeartbeatIsIgnored() {
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector(CONFIG);
        long last = regularHeartbeats(detector, "b", 0, 10, new Random(3));
        double before = detector.phi("b", last + 800);
        detector.heartbeat("b", last - 500);
        assertEquals(before, detector.phi("b", last + 800));
    }

    @Test
    void invalidConfigIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Config(0, 1000, 100, 0, 1000));
        assertThrows(IllegalArgumentException.class, () -> new Config(8, 0, 100, 0, 1000));
        assertThrows(IllegalArgumentException.class, () -> new Config(8, 10, 0, 0, 1000));
    }

    @Property(tries = 50)
    void phiGrowsWithSilence(@ForAll @LongRange(min = 0, max = 20_000) long a, @ForAll @LongRange(min = 0, max = 20_000) long b,
            @ForAll long seed) {
        PhiAccrualFailureDetector detector = new PhiAccrualFailureDetector(CONFIG);
        long last = regularHeartbeats(detector, "b", 0, 30, new Random(seed));
        long earlier = Math.min(a, b);
        long later = Math.max(a, b);
        assertTrue(detector.phi("b", last + earlier) <= detector.phi("b", last + later));
        assertTrue(detector.phi("b", last + earlier) >= 0);
    }
}
