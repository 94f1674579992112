package io.replicalab.experiments.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryRoundTripTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    @Test
    void writtenHistoryReadsBackWithOperationsPairedAndUnfinishedOnesKeptAsInfo() throws Exception {
        Path file = dir.resolve("run/history.jsonl");
        try (HistoryWriter w = HistoryWriter.create(file)) {
            HistoryEvent write = w.invoke(0, "write", "k", JSON.numberNode(1), "n1");
            HistoryEvent read = w.invoke(1, "read", "k", null, "n2");
            w.nemesis("start-partition", JSON.objectNode().put("isolate", "n3"));
            w.complete(write, EventType.OK, JSON.numberNode(1), null);
            w.complete(read, EventType.INFO, null, "timed out after 1000 ms");
            w.backendEvent("leader", "n2", JSON.objectNode().put("term", 3));
            w.invoke(0, "write", "k", JSON.numberNode(2), "n1");
        }

        History h = HistoryReader.read(file);
        assertEquals(7, h.events().size());
        List<Operation> ops = h.operations();
        assertEquals(3, ops.size());
        assertEquals(EventType.OK, ops.get(0).outcome());
        assertEquals(1, ops.get(0).completion().value().asLong());
        assertEquals(EventType.INFO, ops.get(1).outcome());
        assertEquals("timed out after 1000 ms", ops.get(1).completion().error());
        assertEquals(EventType.INFO, ops.get(2).outcome(), "an operation the run never completed may have applied");
        assertNull(ops.get(2).completion());
        assertEquals(Long.MAX_VALUE, ops.get(2).end());
        assertEquals("n3", h.nemesisEvents().get(0).value().get("isolate").asText());
        assertEquals(3, h.backendEvents().get(0).value().get("term").asInt());
        for (int i = 1; i < h.events().size(); i++) {
            assertTrue(h.events().get(i).time() >= h.events().get(i - 1).time());
            assertEquals(i, h.events().get(i).index());
        }
        assertTrue(Files.readString(file).contains("\"type\":\"invoke\""));
    }

    @Test
    void malformedLineIsReportedWithItsNumber() throws Exception {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "{\"index\":0,\"type\":\"invoke\",\"process\":0,\"f\":\"read\",\"time\":1,\"wall\":1}\n"
                + "{not json\n");
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> HistoryReader.read(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void secondInvokeOnAnOpenProcessIsRejected() throws Exception {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "{\"index\":0,\"type\":\"invoke\",\"process\":0,\"f\":\"read\",\"time\":1,\"wall\":1}\n"
                + "{\"index\":1,\"type\":\"invoke\",\"process\":0,\"f\":\"read\",\"time\":2,\"wall\":1}\n");
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> HistoryReader.read(file));
        assertTrue(e.getMessage().contains("process 0"), e.getMessage());
    }

    @Test
    void missingFileNamesTheFix() {
        HistoryFormatException e = assertThrows(HistoryFormatException.class,
                () -> HistoryReader.read(dir.resolve("nope.jsonl")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
