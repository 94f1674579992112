package io.replicalab.experiments.checker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.experiments.history.EventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvailabilityAndPerformanceTest {
    /** Writes every 100 ms for 5 s; a kill at 2.0 s stops acknowledgements until 3.45 s. */
    private static RunData killInTheMiddle() {
        TimedHistory h = new TimedHistory();
        h.fault(0, "start", "kill", 2000);
        h.fault(0, "stop", "kill", 2500);
        int p = 0;
        for (int t = 0; t < 5000; t += 100) {
            boolean down = t >= 2000 && t < 3400;
            h.op(p++, "write", "x", t, t + 10, t + (down ? 60 : 20), down ? EventType.INFO : EventType.OK);
        }
        h.op(p, "read", "x", null, 4995, 4999, EventType.OK);
        return h.run(Workload.REGISTER);
    }

    @Test
    void longestWriteGapAndFailoverTimeCoverTheKill() {
        CheckResult res = new AvailabilityChecker().check(killInTheMiddle());
        assertEquals(Verdict.VALID, res.verdict());
        assertEquals(1500L, res.numbers().get("longestWriteGapMs"), "last ack before the kill 1.920 s, next 3.420 s");
        assertEquals(1420L, res.numbers().get("worstFailoverMs"), "fault at 2.0 s, first ack of a later write at 3.420 s");
        long[] perSecond = (long[]) res.numbers().get("okPerSecond");
        assertArrayEquals(new long[] {10, 10, 0, 6, 11}, perSecond);
        assertTrue(res.examples().get(0).contains("#0 kill"), res.examples().get(0));
    }

    @Test
    void theQuietTimeBetweenTheWorkloadAndTheFinalReadsIsNoWriteGap() {
        TimedHistory h = new TimedHistory();
        for (int t = 0; t < 3000; t += 100) {
            h.op(t / 100, "write", "x", t, t, t + 10, EventType.OK);
        }
        h.finalReads(5000); // the workload ended at 2.91 s; 2 s of quiesce without any write attempted
        h.op(99, "read", "x", null, 5001, 5002, EventType.OK);
        CheckResult res = new AvailabilityChecker().check(h.run(Workload.REGISTER));
        assertEquals(100L, res.numbers().get("longestWriteGapMs"), res.examples().toString());
    }

    @Test
    void writesStillFailingWhenTheWorkloadEndsExtendTheGapToTheLastOfThem() {
        TimedHistory h = new TimedHistory();
        h.op(0, "write", "x", 0, 0, 10, EventType.OK);
        h.op(1, "write", "x", 1, 500, 1500, EventType.INFO); // the cluster went down and stayed down
        h.op(2, "write", "x", 2, 1600, 2600, EventType.FAIL);
        h.finalReads(4600);
        CheckResult res = new AvailabilityChecker().check(h.run(Workload.REGISTER));
        assertEquals(2590L, res.numbers().get("longestWriteGapMs"), "from the last ack at 10 ms to the last write's end");
    }

    @Test
    void aFaultAfterTheLastAcknowledgedWriteHasNoFailoverTime() {
        TimedHistory h = new TimedHistory();
        h.fault(0, "start", "kill", 1000);
        h.fault(0, "stop", "kill", 1500);
        h.op(0, "write", "x", 1, 0, 10, EventType.OK);
        h.op(1, "write", "x", 2, 1100, 1200, EventType.INFO);
        CheckResult res = new AvailabilityChecker().check(h.run(Workload.REGISTER));
        // (this threw a NullPointerException once: a whole scenario run on a process cluster died of it)
        assertEquals(null, res.numbers().get("worstFailoverMs"));
        assertTrue(res.examples().stream().anyMatch(e -> e.contains("no acknowledged write afterwards")), res.examples().toString());
    }

    @Test
    void latencyPercentilesPerOperationType() {
        TimedHistory h = new TimedHistory();
        for (int i = 0; i < 100; i++) {
            h.op(i, "write", "x", i, i * 10, i * 10 + 1 + (i == 99 ? 50 : 0), EventType.OK);
        }
        h.op(200, "read", "x", null, 2000, 2004, EventType.OK);
        h.op(201, "read", "x", null, 2010, 2500, EventType.INFO);
        CheckResult res = new PerformanceChecker().check(h.run(Workload.REGISTER));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> latency = (Map<String, Map<String, Object>>) res.numbers().get("latency");
        assertEquals(100L, latency.get("write").get("count"));
        assertEquals(1.0, (double) latency.get("write").get("p50Ms"), 0.01);
        assertEquals(51.0, (double) latency.get("write").get("maxMs"), 0.1);
        assertEquals(1L, latency.get("read").get("count"), "the info read has no latency to record");
        assertEquals(101L, res.numbers().get("acknowledgedOperations"));
        assertEquals(List.of("read", "write"), List.copyOf(latency.keySet()));
    }

    @Test
    void timelineBucketsByCompletionSecond() {
        Timeline t = Timeline.of(killInTheMiddle());
        assertEquals(5, t.seconds());
        assertArrayEquals(new long[] {0, 0, 10, 4, 0}, t.info());
        assertTrue(Double.isNaN(t.p50Ms()[2]));
        assertEquals(10.0, t.p50Ms()[0], 0.1);
    }
}
