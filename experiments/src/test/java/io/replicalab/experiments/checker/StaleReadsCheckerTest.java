package io.replicalab.experiments.checker;

import static io.replicalab.experiments.checker.Recorder.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleReadsCheckerTest {
    @TempDir
    Path dir;

    private Recorder run(String workload) throws Exception {
        Files.writeString(dir.resolve("run.json"), "{\"workload\":\"" + workload + "\"}");
        return new Recorder(dir);
    }

    private static CheckResult check(Recorder r) {
        return new StaleReadsChecker().check(r.load());
    }

    @Test
    void readOfAValueOverwrittenBeforeTheReadBeganIsStale() throws Exception {
        Recorder r = run("register");
        r.write(0, "x", 1);
        r.write(0, "x", 2);
        r.read(1, "x", 1);
        r.read(1, "x", 2);
        r.read(1, "y", null);
        CheckResult res = check(r);
        assertEquals(Verdict.INVALID, res.verdict());
        assertEquals(1L, res.numbers().get("stale"));
        assertEquals(3L, res.numbers().get("reads"));
        assertTrue(res.examples().get(0).contains("returned 1"), res.examples().get(0));
    }

    @Test
    void readOfNullAfterAnAcknowledgedWriteIsStale() throws Exception {
        Recorder r = run("kv");
        r.ok(r.invoke(0, "put", "k", "a"));
        r.done(1, "get", "k", null, null);
        assertEquals(1L, check(r).numbers().get("stale"));
    }

    @Test
    void concurrentWritesLeaveEitherValueFresh() throws Exception {
        Recorder r = run("register");
        var w1 = r.invoke(0, "write", "x", 1);
        var w2 = r.invoke(1, "write", "x", 2);
        r.ok(w1);
        r.ok(w2);
        r.read(2, "x", 1);
        r.read(2, "x", 2);
        var w3 = r.invoke(0, "write", "x", 3);
        r.read(2, "x", 2);
        r.ok(w3);
        assertEquals(Verdict.VALID, check(r).verdict(), "a read concurrent with write 3 may still see 2");
    }

    @Test
    void infoWriteNeverMakesEarlierValuesStale() throws Exception {
        Recorder r = run("register");
        r.write(0, "x", 1);
        r.info(r.invoke(1, "write", "x", 2));
        r.read(2, "x", 1);
        assertEquals(Verdict.VALID, check(r).verdict());
    }

    @Test
    void cartReadMissingAnAcknowledgedAddIsStale() throws Exception {
        Recorder r = run("cart");
        r.ok(r.invoke(0, "add", "c", "milk"));
        var bread = r.invoke(1, "add", "c", "bread");
        r.read(2, "c", list("milk"));
        r.ok(bread);
        r.read(2, "c", list("bread"));
        CheckResult res = check(r);
        assertEquals(1L, res.numbers().get("stale"), "the first read was concurrent with bread; the second missed milk");
        assertTrue(res.examples().get(0).contains("\"milk\""), res.examples().get(0));
    }
}
