package io.replicalab.api;

import java.time.Duration;

/** A clock that reads a base clock plus an offset that fault injection can change at any time. */
public final class AdjustableClock implements Clock {
    private final Clock base;
    private volatile long offsetMillis;

    public AdjustableClock(Clock base) {
        this.base = base;
    }

    public static AdjustableClock system() {
        return new AdjustableClock(Clock.system());
    }

    @Override
    public long currentTimeMillis() {
        return base.currentTimeMillis() + offsetMillis;
    }

    @Override
    public long currentTimeMicros() {
        return base.currentTimeMicros() + offsetMillis * 1000L;
    }

    public void setOffset(Duration offset) {
        this.offsetMillis = offset.toMillis();
    }

    public Duration offset() {
        return Duration.ofMillis(offsetMillis);
    }
}
