package io.replicalab.experiments.runner;

import io.replicalab.experiments.history.EventType;
import java.util.concurrent.atomic.LongAdder;

/** Operation outcomes so far, for the progress line. */
public final class RunCounters {
    private final LongAdder ok = new LongAdder();
    private final LongAdder fail = new LongAdder();
    private final LongAdder info = new LongAdder();

    void count(EventType outcome) {
        switch (outcome) {
            case OK -> ok.increment();
            case FAIL -> fail.increment();
            default -> info.increment();
        }
    }

    public long ok() {
        return ok.sum();
    }

    public long fail() {
        return fail.sum();
    }

    public long info() {
        return info.sum();
    }
}
