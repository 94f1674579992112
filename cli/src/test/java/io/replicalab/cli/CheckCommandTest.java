package io.replicalab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.HistoryWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replicalab check}: exit codes by verdict, results.json written, bad input named. */
class CheckCommandTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    private Path history(int readBack) {
        Path file = dir.resolve("history.jsonl");
        try (HistoryWriter w = HistoryWriter.create(file)) {
            HistoryEvent write = w.invoke(0, "write", "x", JSON.numberNode(1), "n1");
            w.complete(write, EventType.OK, JSON.numberNode(1), null);
            HistoryEvent read = w.invoke(1, "read", "x", null, "n2");
            w.complete(read, EventType.OK, JSON.numberNode(readBack), null);
        }
        return file;
    }

    @Test
    void linearizableHistoryExitsZeroAndWritesResults() {
        CliTest.Result r = CliTest.run("check", history(1).toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("linearizability") && r.out().contains("verdict: valid"), r.out());
        assertTrue(Files.exists(dir.resolve("results.json")));
    }

    @Test
    void invalidHistoryExitsOne() {
        history(2);
        CliTest.Result r = CliTest.run("check", dir.toString());
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: invalid"), r.out());
    }

    @Test
    void missingRunIsBadInput() {
        CliTest.Result r = CliTest.run("check", dir.resolve("nope").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    @Test
    void malformedHistoryNamesTheLine() throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, "{\"index\":0,\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"key\":\"x\",\"value\":1,\"time\":1,\"wall\":1}\n"
                + "not json\n");
        CliTest.Result r = CliTest.run("check", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("line 2"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void reportWritesTheHtmlAndNamesIt() {
        history(1);
        CliTest.Result r = CliTest.run("report", dir.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().strip().endsWith("report.html"), r.out());
        assertTrue(Files.exists(dir.resolve("report.html")));
        assertEquals(ExitCodes.BAD_INPUT, CliTest.run("report", dir.resolve("nope").toString()).exitCode());
    }

    @Test
    void exceededSearchBudgetExitsThree() {
        Path file = dir.resolve("history.jsonl");
        try (HistoryWriter w = HistoryWriter.create(file)) {
            HistoryEvent[] writes = new HistoryEvent[5];
            for (int i = 0; i < writes.length; i++) {
                writes[i] = w.invoke(i, "write", "x", JSON.numberNode(i), "n1");
            }
            for (HistoryEvent e : writes) {
                w.complete(e, EventType.OK, e.value(), null);
            }
        }
        CliTest.Result r = CliTest.run("check", "--search-budget", "2", file.toString());
        assertEquals(ExitCodes.UNKNOWN_OUTCOME, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("search budget exceeded"), r.out());
    }
}
