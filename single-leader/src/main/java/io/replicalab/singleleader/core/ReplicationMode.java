package io.replicalab.singleleader.core;

import java.util.Locale;

/** When the primary acknowledges a write (it always waits for its own durable write first). */
public enum ReplicationMode {
    /** After the primary's local durable write only. */
    ASYNC,
    /** After k replicas have the entry durably too. */
    SEMI_SYNC,
    /** After every live replica has the entry durably too. */
    SYNC;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
