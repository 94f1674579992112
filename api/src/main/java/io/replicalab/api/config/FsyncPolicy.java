package io.replicalab.api.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a storage engine forces writes to disk before acknowledging them.
 * <ul>
 *   <li>{@code always}: every write is fsynced before it is acknowledged;</li>
 *   <li>{@code batch(5ms)}: group commit — writes are acknowledged after the next fsync, which
 *       runs at most every interval, so an ack still means "on disk";</li>
 *   <li>{@code never}: written to the OS page cache only; an ack survives a process crash
 *       but not a machine crash.</li>
 * </ul>
 */
public sealed interface FsyncPolicy {
    Pattern BATCH = Pattern.compile("batch\\((\\d+)\\s*(ms)?\\)");

    record Always() implements FsyncPolicy {
        @Override
        public String toString() {
            return "always";
        }
    }

    record Never() implements FsyncPolicy {
        @Override
        public String toString() {
            return "never";
        }
    }

    record Batch(Duration interval) implements FsyncPolicy {
        public Batch {
            if (interval.isNegative() || interval.isZero()) {
                throw new ConfigException("storage.fsync batch interval must be positive, was " + interval.toMillis() + "ms");
            }
        }

        @Override
        public String toString() {
            return "batch(" + interval.toMillis() + "ms)";
        }
    }

    /** True when an acknowledged write is on disk (survives power loss). */
    default boolean ackMeansDurable() {
        return !(this instanceof Never);
    }

    static FsyncPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("always")) {
            return new Always();
        }
        if (t.equals("never")) {
            return new Never();
        }
        Matcher m = BATCH.matcher(t);
        if (m.matches()) {
            return new Batch(Duration.ofMillis(Long.parseLong(m.group(1))));
        }
        throw new ConfigException("storage.fsync: '" + text + "' is not a policy: use always, never or batch(<ms>ms), e.g. batch(5ms)");
    }
}
