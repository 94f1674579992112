package io.replicalab.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.api.LinkFault;
import io.replicalab.api.config.AdminSpec;
import io.replicalab.node.NodeStartException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private final RecordingFaultControl faults = new RecordingFaultControl();
    private AdminServer server;

    private AdminServer start(AdminSpec spec) {
        server = AdminServer.start("n1", spec, 0, faults,
                () -> new NodeStatus("n1", "test", 1, 2, faults.clockOffset().toMillis(), "memory", faults.linkFaults(), Map.of("role", "replica")));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void loopbackEndpointReportsStatusAndAppliesFaults() {
        start(AdminSpec.defaults());
        AdminClient client = new AdminClient("127.0.0.1", server.localAddress().getPort(), null);

        client.blockLink("n1", "n2");
        client.delayLink("n1", "n3", Duration.ofMillis(250));
        client.setClockOffset(Duration.ofSeconds(5));

        NodeStatus status = client.status();
        assertEquals("n1", status.nodeId());
        assertEquals(5000, status.clockOffsetMillis());
        assertEquals(Map.of("role", "replica"), status.details());
        assertEquals(List.of(LinkFault.block("n1", "n2"), LinkFault.delay("n1", "n3", Duration.ofMillis(250))), client.linkFaults());
        assertEquals(Duration.ofSeconds(5), faults.clockOffset());

        client.healLink("n1", "n2");
        assertEquals(List.of(LinkFault.delay("n1", "n3", Duration.ofMillis(250))), faults.linkFaults());
        client.healAllLinks();
        assertTrue(faults.linkFaults().isEmpty());
    }

    @Test
    void nonLoopbackEndpointRefusesControlCallsWithoutTheToken() throws Exception {
        start(new AdminSpec("0.0.0.0", "s3cret"));
        int port = server.localAddress().getPort();

        AdminClient noToken = new AdminClient("127.0.0.1", port, null);
        AdminClient.AdminCallException refused = assertThrows(AdminClient.AdminCallException.class, () -> noToken.blockLink("n1", "n2"));
        assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        assertTrue(refused.getMessage().contains("missing or wrong cluster token"), refused.getMessage());

        AdminClient wrongToken = new AdminClient("127.0.0.1", port, "guess");
        assertThrows(AdminClient.AdminCallException.class, () -> wrongToken.setClockOffset(Duration.ofSeconds(9)));
        assertTrue(faults.linkFaults().isEmpty(), "a refused call must not apply");
        assertEquals(Duration.ZERO, faults.clockOffset());

        // Reads stay open, so monitoring needs no secret.
        assertEquals("n1", noToken.status().nodeId());

        AdminClient withToken = new AdminClient("127.0.0.1", port, "s3cret");
        withToken.blockLink("n1", "n2");
        assertEquals(List.of(LinkFault.block("n1", "n2")), faults.linkFaults());
    }

    @Test
    void nonLoopbackWithoutATokenDoesNotStart() {
        NodeStartException e = assertThrows(NodeStartException.class, () -> start(new AdminSpec("0.0.0.0", null)));
        assertTrue(e.getMessage().contains("without admin.token"), e.getMessage());
    }

    @Test
    void portInUseIsReportedWithTheFix() {
        start(AdminSpec.defaults());
        int taken = server.localAddress().getPort();
        NodeStartException e = assertThrows(NodeStartException.class,
                () -> AdminServer.start("n2", AdminSpec.defaults(), taken, faults, () -> null));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken + " (admin-port of n2)"), e.getMessage());
        assertTrue(e.getMessage().contains("pick a free port"), e.getMessage());
    }

    @Test
    void badRequestsGetAClearAnswer() throws Exception {
        start(AdminSpec.defaults());
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + server.localAddress().getPort());
        HttpResponse<String> noBody = http.send(HttpRequest.newBuilder(base.resolve("/faults/block"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noBody.statusCode());
        assertTrue(noBody.body().contains("empty body"), noBody.body());

        HttpResponse<String> unknownKey = http.send(HttpRequest.newBuilder(base.resolve("/faults/block"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"n1\",\"too\":\"n2\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknownKey.statusCode());

        HttpResponse<String> unknownPath = http.send(HttpRequest.newBuilder(base.resolve("/nope")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknownPath.statusCode());
        assertTrue(faults.linkFaults().isEmpty());
    }
}
