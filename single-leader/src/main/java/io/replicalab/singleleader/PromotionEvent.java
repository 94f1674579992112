package io.replicalab.singleleader;

/**
 * A change of role seen by one node, for experiments: who, in which epoch, at which log position,
 * when (the node's adjustable wall clock).
 *
 * @param kind {@code promoted} (this node became primary), {@code deposed} (it stopped being primary),
 *             {@code stepped-back} (most-up-to-date: it won the election but another node was ahead)
 */
public record PromotionEvent(long atMillis, String node, String kind, long epoch, String position, String detail) {
}
