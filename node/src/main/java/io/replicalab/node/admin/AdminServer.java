package io.replicalab.node.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.replicalab.api.FaultControl;
import io.replicalab.api.config.AdminSpec;
import io.replicalab.node.NodeStartException;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin/control endpoint of a node: small JSON over HTTP so that a nemesis in another process,
 * the CLI or {@code curl} can read status and inject faults.
 *
 * <pre>
 * GET  /status                               node status
 * GET  /faults                               current link faults and clock offset
 * POST /faults/block     {"from":"n1","to":"n2"}
 * POST /faults/delay     {"from":"n1","to":"n2","delay-ms":200}
 * POST /faults/heal      {"from":"n1","to":"n2"}
 * POST /faults/heal-all
 * POST /clock            {"offset-ms":5000}
 * </pre>
 *
 * Reads are open; control calls (POST) need the cluster token in {@value #TOKEN_HEADER} whenever the
 * endpoint listens on a non-loopback address, because anyone who can reach it could partition the node.
 */
public final class AdminServer implements AutoCloseable {
    public static final String TOKEN_HEADER = "X-ReplicaLab-Token";
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpServer http;
    private final ExecutorService executor;
    private final FaultControl faults;
    private final Supplier<NodeStatus> status;
    private final byte[] token;
    private final boolean tokenRequired;
    private final Map<String, java.util.function.Function<Map<String, String>, Object>> resources =
            new java.util.concurrent.ConcurrentHashMap<>();

    private AdminServer(HttpServer http, ExecutorService executor, FaultControl faults, Supplier<NodeStatus> status,
            AdminSpec spec) {
        this.http = http;
        this.executor = executor;
        this.faults = faults;
        this.status = status;
        this.token = spec.token() == null ? new byte[0] : spec.token().getBytes(StandardCharsets.UTF_8);
        this.tokenRequired = !spec.isLoopback();
    }

    /**
     * Starts listening on {@code spec.bind():port} (port 0 = any free port).
     *
     * @throws NodeStartException when the port is taken or the address cannot be bound
     */
    public static AdminServer start(String nodeId, AdminSpec spec, int port, FaultControl faults, Supplier<NodeStatus> status) {
        if (!spec.isLoopback() && (spec.token() == null || spec.token().isBlank())) {
            throw new NodeStartException("admin endpoint of " + nodeId + " binds " + spec.bind()
                    + " without admin.token: set a cluster token or bind to 127.0.0.1");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(spec.bind(), port), 16);
        } catch (BindException e) {
            throw new NodeStartException("cannot listen on " + spec.bind() + ":" + port + " (admin-port of " + nodeId
                    + "): " + e.getMessage() + ": pick a free port in the config or stop the process using it", e);
        } catch (IOException e) {
            throw new NodeStartException("cannot open the admin endpoint of " + nodeId + " on " + spec.bind() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "admin-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        AdminServer server = new AdminServer(http, executor, faults, status, spec);
        http.setExecutor(executor);
        http.createContext("/", server::handle);
        http.start();
        LOG.debug("admin endpoint of {} on {}", nodeId, http.getAddress());
        return server;
    }

    /**
     * Serves {@code GET /<name>?k=v&...} with the JSON of {@code resource.apply(query)}: how a backend
     * exposes read-only data (e.g. its apply log) to experiments running in another process.
     */
    public void addResource(String name, java.util.function.Function<Map<String, String>, Object> resource) {
        resources.put("/" + name, resource);
    }

    public InetSocketAddress localAddress() {
        return http.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        // Not try-with-resources: the catch blocks below must still answer on the open exchange.
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("GET")) {
                switch (path) {
                    case "/status" -> reply(exchange, 200, status.get());
                    case "/faults" -> reply(exchange, 200, Map.of("link-faults", faults.linkFaults(),
                            "clock-offset-ms", faults.clockOffset().toMillis()));
                    default -> {
                        var resource = resources.get(path);
                        if (resource == null) {
                            error(exchange, 404, "no such endpoint: GET " + path + " (try /status, /faults"
                                    + resources.keySet().stream().map(k -> ", " + k).reduce("", String::concat) + ")");
                        } else {
                            reply(exchange, 200, resource.apply(query(exchange.getRequestURI().getRawQuery())));
                        }
                    }
                }
                return;
            }
            if (!method.equals("POST")) {
                error(exchange, 405, "method " + method + " not allowed: use GET for reads and POST for control calls");
                return;
            }
            if (tokenRequired && !tokenMatches(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
                error(exchange, 401, "missing or wrong cluster token: send the admin.token in the " + TOKEN_HEADER + " header");
                return;
            }
            control(exchange, path);
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
            error(exchange, 400, "bad request: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (RuntimeException e) {
            LOG.warn("admin call {} failed", exchange.getRequestURI(), e);
            error(exchange, 500, "internal error: " + e);
        } finally {
            exchange.close();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private void control(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/faults/block" -> {
                LinkRequest r = body(exchange, LinkRequest.class);
                faults.blockLink(r.from(), r.to());
            }
            case "/faults/delay" -> {
                LinkRequest r = body(exchange, LinkRequest.class);
                if (r.delayMs() == null || r.delayMs() <= 0) {
                    throw new IllegalArgumentException("delay-ms must be a positive number of milliseconds");
                }
                faults.delayLink(r.from(), r.to(), Duration.ofMillis(r.delayMs()));
            }
            case "/faults/heal" -> {
                LinkRequest r = body(exchange, LinkRequest.class);
                faults.healLink(r.from(), r.to());
            }
            case "/faults/heal-all" -> faults.healAllLinks();
            case "/clock" -> {
                ClockRequest r = body(exchange, ClockRequest.class);
                faults.setClockOffset(Duration.ofMillis(r.offsetMs()));
            }
            default -> {
                error(exchange, 404, "no such endpoint: POST " + path);
                return;
            }
        }
        reply(exchange, 200, Map.of("link-faults", faults.linkFaults(), "clock-offset-ms", faults.clockOffset().toMillis()));
    }

    private boolean tokenMatches(String presented) {
        // Constant-time comparison: the token is a secret.
        return presented != null && token.length > 0
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T body(HttpExchange exchange, Class<T> type) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            if (bytes.length == 0) {
                throw new IllegalArgumentException("empty body: send a JSON object");
            }
            return JSON.readValue(bytes, type);
        }
    }

    private static void reply(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange exchange, int code, String message) throws IOException {
        reply(exchange, code, Map.of("error", message));
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    record LinkRequest(String from, String to, Long delayMs) {
        LinkRequest {
            if (from == null || from.isBlank() || to == null || to.isBlank()) {
                throw new IllegalArgumentException("from and to must name nodes");
            }
        }
    }

    record ClockRequest(long offsetMs) {
    }
}
