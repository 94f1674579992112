package io.replicalab.api.config;

import java.time.Duration;

/**
 * Replication RPC settings.
 *
 * @param maxFrameBytes largest frame accepted; a bigger one closes the connection with an error
 * @param requestTimeoutMs default per-call timeout, after which the outcome is unknown
 * @param connectTimeoutMs how long to wait for a TCP connection
 * @param maxValueBytes largest value a client may write
 */
public record RpcSpec(Integer maxFrameBytes, Integer requestTimeoutMs, Integer connectTimeoutMs, Integer maxValueBytes) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

    public RpcSpec {
        maxFrameBytes = maxFrameBytes == null ? DEFAULT_MAX_FRAME_BYTES : maxFrameBytes;
        requestTimeoutMs = requestTimeoutMs == null ? 2000 : requestTimeoutMs;
        connectTimeoutMs = connectTimeoutMs == null ? 1000 : connectTimeoutMs;
        // Leave room in a frame for the request header around the value.
        maxValueBytes = maxValueBytes == null ? Math.min(1024 * 1024, maxFrameBytes - 512) : maxValueBytes;
    }

    public static RpcSpec defaults() {
        return new RpcSpec(null, null, null, null);
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(requestTimeoutMs);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(connectTimeoutMs);
    }
}
