package io.replicalab.experiments.checker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.HistoryFormatException;
import io.replicalab.experiments.history.HistoryReader;
import io.replicalab.experiments.history.JsonLines;
import io.replicalab.node.applylog.ApplyLogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a run directory (or a bare history.jsonl) into {@link RunData}. */
public final class RunLoader {
    public static final String RUN_JSON = "run.json";
    public static final String HISTORY = "history.jsonl";
    public static final String APPLY_LOGS = "apply-logs";

    /** Tolerant: run.json may carry fields this version does not know. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private RunLoader() {
    }

    /** {@code path} is a run directory or a history file (then its directory receives the results). */
    public static RunData load(Path path) {
        if (Files.isDirectory(path)) {
            return loadDir(path);
        }
        if (!Files.exists(path)) {
            throw new BadRunException(path + " does not exist: pass a run directory or its history.jsonl");
        }
        Path dir = path.toAbsolutePath().getParent();
        return build(dir, readRunJson(dir.resolve(RUN_JSON)), readHistory(path), readApplyLogs(dir.resolve(APPLY_LOGS)));
    }

    private static RunData loadDir(Path dir) {
        Path history = dir.resolve(HISTORY);
        if (!Files.exists(history)) {
            throw new BadRunException(dir + " has no " + HISTORY + ": pass a run directory written by replicalab run");
        }
        return build(dir, readRunJson(dir.resolve(RUN_JSON)), readHistory(history), readApplyLogs(dir.resolve(APPLY_LOGS)));
    }

    private static RunData build(Path dir, JsonNode runInfo, History history, Map<String, List<ApplyLogEntry>> logs) {
        String named = runInfo.path("workload").asText("");
        Workload workload = named.isEmpty()
                ? Workload.infer(history).orElseThrow(() -> new BadRunException("cannot tell the workload of "
                        + dir + ": the history has no writes and there is no run.json naming it"))
                : Workload.named(named).orElseThrow(() -> new BadRunException(dir.resolve(RUN_JSON)
                        + ": unknown workload '" + named + "' (expected register, kv, cart or list-append)"));
        return new RunData(dir, runInfo, workload, history, logs);
    }

    private static History readHistory(Path file) {
        try {
            return HistoryReader.read(file);
        } catch (HistoryFormatException e) {
            throw new BadRunException(e.getMessage(), e);
        }
    }

    private static JsonNode readRunJson(Path file) {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new BadRunException(file + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new BadRunException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<ApplyLogEntry>> readApplyLogs(Path dir) {
        Map<String, List<ApplyLogEntry>> logs = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return logs;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                String node = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
                logs.put(node, readApplyLog(file));
            }
        } catch (IOException e) {
            throw new BadRunException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return logs;
    }

    private static List<ApplyLogEntry> readApplyLog(Path file) {
        List<ApplyLogEntry> entries;
        try {
            entries = new ArrayList<>(JsonLines.read(file, (line, lineNo) -> {
                try {
                    return JSON.readValue(line, ApplyLogEntry.class);
                } catch (IOException e) {
                    throw new BadRunException(file + " line " + lineNo + " is not an apply log entry: " + e.getMessage(), e);
                }
            }));
        } catch (IOException e) {
            throw new BadRunException("cannot read " + file + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparingLong(ApplyLogEntry::sequence));
        return entries;
    }
}
