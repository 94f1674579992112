package io.replicalab.experiments.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads a JSONL history written by {@link HistoryWriter}. */
public final class HistoryReader {
    private HistoryReader() {
    }

    public static History read(Path file) {
        List<HistoryEvent> events;
        try {
            events = JsonLines.read(file, (line, lineNo) -> parse(file, lineNo, line));
        } catch (NoSuchFileException e) {
            throw new HistoryFormatException("history file " + file + " does not exist: pass the history.jsonl of a run");
        } catch (IOException e) {
            throw new HistoryFormatException("cannot read history " + file + ": " + e.getMessage(), e);
        }
        return new History(events);
    }

    private static HistoryEvent parse(Path file, int lineNo, String line) {
        try {
            return HistoryJson.MAPPER.readValue(line, HistoryEvent.class);
        } catch (JsonProcessingException e) {
            throw new HistoryFormatException(file + " line " + lineNo + " is not a history event: "
                    + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new HistoryFormatException(file + " line " + lineNo + ": " + e.getMessage(), e);
        }
    }
}
