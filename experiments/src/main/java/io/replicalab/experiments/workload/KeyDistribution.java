package io.replicalab.experiments.workload;

import java.util.Random;

/**
 * Draws key indexes in {@code [0, keys)}. Stateful (sequential), so each logical client has its own;
 * all randomness comes from the client's seeded {@link Random}, so a seed fixes the key sequence.
 */
public interface KeyDistribution {
    int next(Random rnd);

    /** {@code uniform}, {@code zipfian} (YCSB's, theta 0.99), {@code hotspot} (80% on 20%) or {@code sequential}. */
    static KeyDistribution named(String name, int keys) {
        return switch (name) {
            case "uniform" -> rnd -> rnd.nextInt(keys);
            case "zipfian" -> new Zipfian(keys, 0.99);
            case "hotspot" -> new Hotspot(keys, 0.2, 0.8);
            case "sequential" -> new Sequential(keys);
            default -> throw new IllegalArgumentException("unknown key distribution '" + name
                    + "': use uniform, zipfian, hotspot or sequential");
        };
    }

    /** Every key in turn. */
    final class Sequential implements KeyDistribution {
        private final int keys;
        private int next;

        Sequential(int keys) {
            this.keys = keys;
        }

        @Override
        public int next(Random rnd) {
            int k = next;
            next = (next + 1) % keys;
            return k;
        }
    }

    /** A share {@code hotOps} of the operations goes to the first {@code hotKeys} share of the keys. */
    record Hotspot(int keys, double hotKeys, double hotOps) implements KeyDistribution {
        @Override
        public int next(Random rnd) {
            int hot = Math.max(1, (int) Math.round(keys * hotKeys));
            if (hot >= keys || rnd.nextDouble() < hotOps) {
                return rnd.nextInt(hot);
            }
            return hot + rnd.nextInt(keys - hot);
        }
    }

    /** Gray et al.'s Zipfian generator as in YCSB: key 0 is the most popular. */
    final class Zipfian implements KeyDistribution {
        private final int keys;
        private final double theta;
        private final double alpha;
        private final double zetan;
        private final double eta;

        Zipfian(int keys, double theta) {
            this.keys = keys;
            this.theta = theta;
            this.alpha = 1.0 / (1.0 - theta);
            this.zetan = zeta(keys, theta);
            double zeta2 = zeta(Math.min(2, keys), theta);
            this.eta = keys < 2 ? 1 : (1 - Math.pow(2.0 / keys, 1 - theta)) / (1 - zeta2 / zetan);
        }

        private static double zeta(int n, double theta) {
            double sum = 0;
            for (int i = 1; i <= n; i++) {
                sum += 1 / Math.pow(i, theta);
            }
            return sum;
        }

        @Override
        public int next(Random rnd) {
            double u = rnd.nextDouble();
            double uz = u * zetan;
            if (uz < 1.0) {
                return 0;
            }
            if (uz < 1.0 + Math.pow(0.5, theta)) {
                return Math.min(1, keys - 1);
            }
            return Math.min(keys - 1, (int) (keys * Math.pow(eta * u - eta + 1, alpha)));
        }
    }
}
