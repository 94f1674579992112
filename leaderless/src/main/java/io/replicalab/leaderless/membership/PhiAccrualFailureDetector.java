package io.replicalab.leaderless.membership;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Phi-accrual failure detector (Hayashibara et al. 2004, as in Cassandra and Akka): instead of a
 * fixed timeout, it learns each peer's heartbeat inter-arrival times and reports how unlikely the
 * current silence is, as {@code phi = -log10(P(a heartbeat arrives later than now))}. phi 1 means a
 * 10% chance the peer is merely slow, phi 8 (Cassandra's default threshold) about 1 in 10^8.
 * Adapting to the observed jitter is why it suits a loopback cluster and a loaded machine alike.
 *
 * <p>Inter-arrival times are modelled as a normal distribution over a bounded window of samples;
 * the standard deviation has a floor ({@link Config#minStdDeviationMillis()}) so perfectly regular
 * heartbeats do not make a few milliseconds of delay look fatal, and
 * {@link Config#acceptableHeartbeatPauseMillis()} is added to the mean to tolerate GC pauses.
 * The CDF uses the logistic approximation Akka uses.
 *
 * <p>Pure: time is always passed in (no clock, no threads), so tests and the simulated network step
 * it deterministically. Mutable and not thread-safe: owned by the membership/gossip loop.
 *
 * <p><b>Unknown peers</b> (never heard from, or {@link #remove removed}) have phi 0 and count as
 * available: the detector only accuses peers it has evidence about. Whether a peer is a member at all
 * is membership's question, not the detector's; {@link #isMonitoring} tells the two cases apart.
 */
public final class PhiAccrualFailureDetector {

    /**
     * @param threshold phi above which a peer is considered down
     * @param maxSampleSize inter-arrival samples kept per peer (oldest dropped first)
     * @param minStdDeviationMillis floor of the standard deviation
     * @param acceptableHeartbeatPauseMillis extra silence tolerated on top of the mean interval
     * @param firstHeartbeatEstimateMillis assumed interval before real samples exist (seeds the window)
     */
    public record Config(double threshold, int maxSampleSize, long minStdDeviationMillis,
            long acceptableHeartbeatPauseMillis, long firstHeartbeatEstimateMillis) {
        public Config {
            if (!(threshold > 0)) {
                throw new IllegalArgumentException("threshold must be > 0, was " + threshold);
            }
            if (maxSampleSize < 1) {
                throw new IllegalArgumentException("maxSampleSize must be >= 1, was " + maxSampleSize);
            }
            if (minStdDeviationMillis < 1) {
                throw new IllegalArgumentException("minStdDeviationMillis must be >= 1, was " + minStdDeviationMillis);
            }
            if (acceptableHeartbeatPauseMillis < 0) {
                throw new IllegalArgumentException("acceptableHeartbeatPauseMillis must be >= 0, was "
                        + acceptableHeartbeatPauseMillis);
            }
            if (firstHeartbeatEstimateMillis < 1) {
                throw new IllegalArgumentException("firstHeartbeatEstimateMillis must be >= 1, was "
                        + firstHeartbeatEstimateMillis);
            }
        }

        /** Cassandra's threshold 8, Akka's window (1000 samples) and floors, for ~1 s heartbeats. */
        public static Config defaults() {
            return new Config(8.0, 1000, 100, 1000, 1000);
        }
    }

    /** Bounded window of inter-arrival times with running sums, so phi is O(1). */
    private static final class History {
        private final ArrayDeque<Long> intervals = new ArrayDeque<>();
        private double sum;
        private double sumOfSquares;
        private long lastHeartbeatMillis;

        void add(long interval, int maxSize) {
            if (intervals.size() == maxSize) {
                long dropped = intervals.removeFirst();
                sum -= dropped;
                sumOfSquares -= (double) dropped * dropped;
            }
            intervals.addLast(interval);
            sum += interval;
            sumOfSquares += (double) interval * interval;
        }

        double mean() {
            return sum / intervals.size();
        }

        double stdDeviation() {
            double mean = mean();
            return Math.sqrt(Math.max(0, sumOfSquares / intervals.size() - mean * mean));
        }
    }

    private final Config config;
    private final Map<String, History> histories = new HashMap<>();

    public PhiAccrualFailureDetector(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public PhiAccrualFailureDetector() {
        this(Config.defaults());
    }

    public Config config() {
        return config;
    }

    /**
     * Records a heartbeat from {@code peer} received at {@code nowMillis}. The first one only starts the
     * clock (seeded with {@link Config#firstHeartbeatEstimateMillis()}); a heartbeat older than the last
     * one (reordered delivery) is ignored rather than recorded as a negative interval.
     */
    public void heartbeat(String peer, long nowMillis) {
        History history = histories.get(peer);
        if (history == null) {
            history = new History();
            // Akka's bootstrap: two samples around the estimate, so phi is defined from the start.
            long estimate = config.firstHeartbeatEstimateMillis();
            long spread = Math.max(1, estimate / 4);
            history.add(estimate - spread, config.maxSampleSize());
            history.add(estimate + spread, config.maxSampleSize());
            history.lastHeartbeatMillis = nowMillis;
            histories.put(peer, history);
            return;
        }
        long interval = nowMillis - history.lastHeartbeatMillis;
        if (interval < 0) {
            return;
        }
        history.add(interval, config.maxSampleSize());
        history.lastHeartbeatMillis = nowMillis;
    }

    /** Suspicion level of {@code peer} at {@code nowMillis}; 0 for a peer never heard from. */
    public double phi(String peer, long nowMillis) {
        History history = histories.get(peer);
        if (history == null) {
            return 0.0;
        }
        long sinceLast = Math.max(0, nowMillis - history.lastHeartbeatMillis);
        double mean = history.mean() + config.acceptableHeartbeatPauseMillis();
        double stdDeviation = Math.max(history.stdDeviation(), config.minStdDeviationMillis());
        return phi(sinceLast, mean, stdDeviation);
    }

    /** True unless phi exceeds the threshold (unknown peers are available; see the class comment). */
    public boolean isAvailable(String peer, long nowMillis) {
        return phi(peer, nowMillis) < config.threshold();
    }

    /** Whether any heartbeat of {@code peer} was recorded since it was last removed. */
    public boolean isMonitoring(String peer) {
        return histories.containsKey(peer);
    }

    /**
     * Forgets {@code peer}: on leaving the cluster, or on a restart announced by gossip (a new
     * incarnation's heartbeat rhythm starts from scratch rather than from a gap that looked like death).
     */
    public void remove(String peer) {
        histories.remove(peer);
    }

    /** -log10 of the probability that a heartbeat comes later than {@code sinceLast}, logistic CDF approximation. */
    static double phi(long sinceLast, double mean, double stdDeviation) {
        double y = (sinceLast - mean) / stdDeviation;
        double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
        double phi = sinceLast > mean ? -Math.log10(e / (1.0 + e)) : -Math.log10(1.0 - 1.0 / (1.0 + e));
        // Far beyond the mean e underflows to 0 and phi to +Infinity: that is "certainly down", keep it.
        return Math.max(0.0, phi);
    }
}
