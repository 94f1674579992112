package io.replicalab.experiments.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for nodes that are killed and restarted during a run. A port from the OS's ephemeral
 * range (what {@code new ServerSocket(0)} hands out) can be taken by any outgoing connection on the machine
 * while its node is down, and the restart then fails with "address already in use"; ports below that range
 * are never used as source ports, so a restarted node gets its port back.
 */
public final class StablePorts {
    private static final int LOWEST = 10_000;

    private StablePorts() {
    }

    /** Distinct ports below the ephemeral range that were free a moment ago (held open until all are picked). */
    public static int[] pick(int count) {
        int highest = ephemeralStart() - 1;
        List<ServerSocket> held = new ArrayList<>();
        Set<Integer> tried = new HashSet<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            while (found < count) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
                if (!tried.add(port)) {
                    continue;
                }
                if (tried.size() > 10_000) {
                    throw new IllegalStateException("no free port between " + LOWEST + " and " + highest);
                }
                try {
                    ServerSocket s = new ServerSocket();
                    held.add(s);
                    s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                    ports[found++] = port;
                } catch (IOException inUse) {
                    // taken: try another
                }
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** The first port of the OS's ephemeral range (Linux: ip_local_port_range; 32768 elsewhere). */
    static int ephemeralStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            if (Files.isReadable(range)) {
                int start = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
                return Math.max(LOWEST + 1000, start);
            }
        } catch (IOException | NumberFormatException | UncheckedIOException e) {
            // fall through to the common default
        }
        return 32_768;
    }
}
