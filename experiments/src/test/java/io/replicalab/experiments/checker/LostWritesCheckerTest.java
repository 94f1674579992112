package io.replicalab.experiments.checker;

import static io.replicalab.experiments.checker.Recorder.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LostWritesCheckerTest {
    @TempDir
    Path dir;

    private Recorder run(String workload) throws Exception {
        Files.writeString(dir.resolve("run.json"), "{\"backend\":\"leaderless\",\"workload\":\"" + workload + "\"}");
        return new Recorder(dir);
    }

    private static CheckResult check(Recorder r) {
        RunData data = r.load();
        LostWritesChecker c = new LostWritesChecker();
        assertTrue(c.skipReason(data).isEmpty(), () -> c.skipReason(data).orElseThrow());
        return c.check(data);
    }

    @Test
    void cartAddAcknowledgedDuringAKillAndMissingAfterwardsIsLostInThatWindow() throws Exception {
        Recorder r = run("cart");
        r.ok(r.invoke(0, "add", "cart", "milk"));
        int kill = r.faultStart("kill", "n1");
        r.ok(r.invoke(1, "add", "cart", "bread"));
        r.info(r.invoke(2, "add", "cart", "eggs"));
        r.info(r.invoke(3, "add", "cart", "jam"));
        r.fail(r.invoke(4, "add", "cart", "tea"));
        r.faultStop(kill);
        r.ok(r.invoke(0, "add", "cart", "salt"));
        r.finalReads();
        r.read(0, "cart", list("milk", "salt", "jam"));
        r.read(1, "cart", list("milk", "salt"));
        CheckResult res = check(r);
        assertEquals(Verdict.INVALID, res.verdict());
        assertEquals(1L, res.numbers().get("lost"));
        assertEquals(3L, res.numbers().get("acknowledgedWrites"));
        assertEquals(1L, res.numbers().get("infoWritesPresent"));
        assertEquals(1L, res.numbers().get("infoWritesAbsent"));
        Map<?, ?> perFault = (Map<?, ?>) res.numbers().get("lostPerFault");
        assertEquals(1, perFault.size());
        assertTrue(perFault.keySet().iterator().next().toString().startsWith("#0 kill [n1]"), perFault.toString());
        assertTrue(res.examples().get(0).contains("add \"bread\"") && res.examples().get(0).contains("#0 kill"),
                res.examples().get(0));
    }

    @Test
    void everyAcknowledgedAppendPresentIsValid() throws Exception {
        Recorder r = run("list-append");
        r.ok(r.invoke(0, "append", "l", 1));
        r.ok(r.invoke(1, "append", "l", 2));
        r.info(r.invoke(2, "append", "l", 3));
        r.finalReads();
        r.read(0, "l", list(2, 1));
        CheckResult res = check(r);
        assertEquals(Verdict.VALID, res.verdict(), res.toString());
        assertEquals(0L, res.numbers().get("lost"));
        assertEquals(1L, res.numbers().get("infoWritesAbsent"), "an info append that never showed is not lost");
    }

    @Test
    void elementNoWriteAttemptedIsInvalid() throws Exception {
        Recorder r = run("cart");
        r.ok(r.invoke(0, "add", "c", "milk"));
        r.finalReads();
        r.read(0, "c", list("milk", "ghost"));
        CheckResult res = check(r);
        assertEquals(Verdict.INVALID, res.verdict());
        assertEquals(1L, res.numbers().get("neverWrittenButRead"));
    }

    @Test
    void registerLosesTheLastAcknowledgedWriteWhenTheFinalValueIsOlder() throws Exception {
        Recorder r = run("register");
        r.write(0, "x", 1);
        int p = r.faultStart("partition", "n1");
        r.write(1, "x", 2);
        r.faultStop(p);
        r.finalReads();
        r.read(0, "x", 1);
        CheckResult res = check(r);
        assertEquals(Verdict.INVALID, res.verdict());
        assertEquals(1L, res.numbers().get("lost"), "write 2 lost; write 1 was legitimately overwritten, not lost");
        assertTrue(res.examples().get(0).contains("write 2") && res.examples().get(0).contains("partition"),
                res.examples().get(0));
    }

    @Test
    void registerKeepsConcurrentWritesInEitherOrder() throws Exception {
        Recorder r = run("register");
        var w1 = r.invoke(0, "write", "x", 1);
        var w2 = r.invoke(1, "write", "x", 2);
        r.ok(w1);
        r.ok(w2);
        r.finalReads();
        r.read(0, "x", 1);
        assertEquals(Verdict.VALID, check(r).verdict());
    }

    @Test
    void kvFinalValueFromAnInfoPutAfterTheLastAckIsNotLoss() throws Exception {
        Recorder r = run("kv");
        r.ok(r.invoke(0, "put", "k", "a"));
        r.info(r.invoke(1, "put", "k", "b"));
        r.finalReads();
        r.done(0, "get", "k", null, "b");
        CheckResult res = check(r);
        assertEquals(Verdict.VALID, res.verdict(), res.toString());
        assertEquals(1L, res.numbers().get("infoWritesPresent"));
    }

    @Test
    void kvDeleteAcknowledgedLastMakesNullTheOnlyGoodFinalValue() throws Exception {
        Recorder r = run("kv");
        r.ok(r.invoke(0, "put", "k", "a"));
        r.ok(r.invoke(0, "delete", "k", null));
        r.finalReads();
        r.done(0, "get", "k", null, "a");
        assertEquals(Verdict.INVALID, check(r).verdict());
    }

    @Test
    void historyWithoutFinalReadsIsSkippedWithTheReason() throws Exception {
        Recorder r = run("cart");
        r.ok(r.invoke(0, "add", "c", "milk"));
        assertTrue(new LostWritesChecker().skipReason(r.load()).orElseThrow().contains("final-reads"));
    }
}
