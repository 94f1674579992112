package io.replicalab.api;

/** Wall-clock source of a node. Timestamps that decide conflicts (LWW) must come from here, so skew can be injected. */
@FunctionalInterface
public interface Clock {
    long currentTimeMillis();

    static Clock system() {
        return System::currentTimeMillis;
    }
}
