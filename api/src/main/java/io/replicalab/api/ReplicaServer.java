package io.replicalab.api;

/** A running replica of some backend, as seen from above the SPI. */
public interface ReplicaServer extends AutoCloseable {

    String nodeId();

    FaultControl faults();

    /** Graceful stop: finishes durable work, closes storage and ports. */
    @Override
    void close();
}
