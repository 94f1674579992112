package io.replicalab.experiments.spec;

import io.replicalab.api.Consistency;
import io.replicalab.api.InvalidRequestException;
import io.replicalab.api.ReadOptions;
import io.replicalab.api.WriteOptions;
import io.replicalab.api.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code consistency:} section: the levels of the workload's reads and writes, for every backend
 * unless {@code backends:} overrides them for one (a quorum count means nothing to raft, which rejects it).
 * A level is a {@link Consistency} name ({@code default}, {@code one}, {@code quorum}, {@code all},
 * {@code linearizable}, {@code stale}) or a replica count ({@code 2} = R or W of 2).
 */
public record ConsistencySection(String read, String write, Map<String, Levels> backends) {

    /** Read and write levels for one backend. */
    public record Levels(String read, String write) {
        public Levels {
            read = read == null ? "default" : read.trim();
            write = write == null ? "default" : write.trim();
            readOptions("consistency.read", read);
            writeOptions("consistency.write", write);
        }
    }

    public ConsistencySection {
        read = read == null ? "default" : read.trim();
        write = write == null ? "default" : write.trim();
        readOptions("consistency.read", read);
        writeOptions("consistency.write", write);
        backends = backends == null ? Map.of() : Map.copyOf(backends);
    }

    public static ConsistencySection defaults() {
        return new ConsistencySection(null, null, null);
    }

    /** The levels that apply to {@code backend}. */
    public Levels forBackend(String backend) {
        return backends.getOrDefault(backend, new Levels(read, write));
    }

    public ReadOptions readOptions(String backend) {
        return readOptions("consistency.read", forBackend(backend).read());
    }

    public WriteOptions writeOptions(String backend) {
        return writeOptions("consistency.write", forBackend(backend).write());
    }

    /** What run.json records: the levels as written. */
    public Map<String, Object> describe(String backend) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("read", forBackend(backend).read());
        out.put("write", forBackend(backend).write());
        return out;
    }

    static ReadOptions readOptions(String field, String level) {
        try {
            if (level.chars().allMatch(Character::isDigit)) {
                return ReadOptions.r(Integer.parseInt(level));
            }
            Consistency c = Consistency.parse(level);
            SpecChecks.require(c != Consistency.EXPLICIT, field, "write a replica count (e.g. 2) instead of 'explicit'");
            return ReadOptions.of(c);
        } catch (InvalidRequestException e) {
            throw new ConfigException(field + ": " + e.getMessage() + ", or a replica count such as 2");
        }
    }

    static WriteOptions writeOptions(String field, String level) {
        try {
            if (level.chars().allMatch(Character::isDigit)) {
                return WriteOptions.w(Integer.parseInt(level));
            }
            Consistency c = Consistency.parse(level);
            SpecChecks.require(c != Consistency.EXPLICIT, field, "write a replica count (e.g. 2) instead of 'explicit'");
            return WriteOptions.of(c);
        } catch (InvalidRequestException e) {
            throw new ConfigException(field + ": " + e.getMessage() + ", or a replica count such as 2");
        }
    }
}
