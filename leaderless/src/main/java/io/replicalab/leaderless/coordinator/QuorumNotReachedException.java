package io.replicalab.leaderless.coordinator;

import io.replicalab.api.IndeterminateException;

/**
 * Fewer than W replicas acknowledged, but some did (or went silent): the write is on some replicas
 * and may still spread through repair, so its outcome is unknown, not failed (Cassandra's
 * WriteTimeoutException with received &lt; blockFor, but decided as soon as W became impossible).
 */
public class QuorumNotReachedException extends IndeterminateException {
    private static final long serialVersionUID = 1L;

    public QuorumNotReachedException(String message) {
        super(message);
    }
}
