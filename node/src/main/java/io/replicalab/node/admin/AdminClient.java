package io.replicalab.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.api.FaultControl;
import io.replicalab.api.LinkFault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Talks to a node's {@link AdminServer} from another process (the CLI, a nemesis). Implements
 * {@link FaultControl}, so local and remote nodes are driven the same way.
 */
public final class AdminClient implements FaultControl {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public AdminClient(String host, int port, String token) {
        this.base = URI.create("http://" + host + ":" + port);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** A backend's read-only resource ({@link AdminServer#addResource}), e.g. {@code apply-log?from=0}. */
    public JsonNode resource(String nameAndQuery) {
        return send("GET", "/" + nameAndQuery, null);
    }

    public NodeStatus status() {
        return AdminServer.JSON.convertValue(send("GET", "/status", null), NodeStatus.class);
    }

    @Override
    public void blockLink(String from, String to) {
        send("POST", "/faults/block", Map.of("from", from, "to", to));
    }

    @Override
    public void delayLink(String from, String to, Duration delay) {
        send("POST", "/faults/delay", Map.of("from", from, "to", to, "delay-ms", delay.toMillis()));
    }

    @Override
    public void healLink(String from, String to) {
        send("POST", "/faults/heal", Map.of("from", from, "to", to));
    }

    @Override
    public void healAllLinks() {
        send("POST", "/faults/heal-all", Map.of());
    }

    @Override
    public List<LinkFault> linkFaults() {
        JsonNode faults = send("GET", "/faults", null).get("link-faults");
        List<LinkFault> result = new ArrayList<>();
        faults.forEach(f -> result.add(AdminServer.JSON.convertValue(f, LinkFault.class)));
        return result;
    }

    @Override
    public void setClockOffset(Duration offset) {
        send("POST", "/clock", Map.of("offset-ms", offset.toMillis()));
    }

    @Override
    public Duration clockOffset() {
        return Duration.ofMillis(send("GET", "/faults", null).get("clock-offset-ms").asLong());
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
            if (token != null) {
                request.header(AdminServer.TOKEN_HEADER, token);
            }
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(AdminServer.JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = AdminServer.JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new AdminCallException(method + " " + base.resolve(path) + " answered " + response.statusCode() + ": "
                        + (json.has("error") ? json.get("error").asText() : json.toString()));
            }
            return json;
        } catch (IOException e) {
            throw new AdminCallException("cannot reach the admin endpoint " + base + ": " + e
                    + ": is the node running and admin-port right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCallException("interrupted while calling " + base + path, e);
        }
    }

    /** A control call that did not go through. */
    public static final class AdminCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AdminCallException(String message) {
            super(message);
        }

        public AdminCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
