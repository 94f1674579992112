package io.replicalab.experiments.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSONL file (history, apply log): every non-blank line, parsed in order, with its line number. */
public final class JsonLines {
    /** Parses one line; {@code lineNo} is 1-based, for the error message of a bad line. */
    @FunctionalInterface
    public interface LineParser<T> {
        T parse(String line, int lineNo);
    }

    private JsonLines() {
    }

    /** The parsed lines; I/O errors (a missing file among them) are left to the caller to word. */
    public static <T> List<T> read(Path file, LineParser<T> parser) throws IOException {
        List<T> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    out.add(parser.parse(line, lineNo));
                }
            }
        }
        return out;
    }
}
