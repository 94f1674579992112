package io.replicalab.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StablePortsTest {
    @Test
    void portsAreDistinctBelowTheEphemeralRangeAndBindable() throws IOException {
        int[] ports = StablePorts.pick(6);
        assertEquals(6, Arrays.stream(ports).distinct().count());
        for (int port : ports) {
            assertTrue(port >= 10_000 && port < StablePorts.ephemeralStart(), "port " + port);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }
}
