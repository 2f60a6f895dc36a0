package io.gatewarden.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP side of the simulated world, on 127.0.0.1 (port chosen by the OS):
 * <ul>
 *   <li>{@code GET /<provider>/v1/models}: the provider's model list, 200, or 429 with {@code retry-after} and
 *       {@code x-ratelimit-remaining-requests: 0} while the {@link ProviderWorld} says it is rate-limited. This is
 *       what gatewarden's provider probe asks, and how it learns that a failed-over primary has recovered.</li>
 *   <li>{@code POST /<provider>/v1/chat/completions}: gatewarden's model probe (one output token), 429 while the
 *       world says the provider is rate-limited, else a one-token answer. A models list alone no longer proves a
 *       rate-limited model recovered (the list answers while one model is limited), so this is how the demo fails back.</li>
 *   <li>{@code GET /healthz}, {@code /readyz}, {@code /startupz}: the gateway's own health endpoints, always fine
 *       (the demo gateway does not crash), so the restarter sees a live gateway.</li>
 * </ul>
 */
final class ProviderStub implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;
    private final ProviderWorld world;

    private ProviderStub(ProviderWorld world) throws IOException {
        this.world = world;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-provider-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    static ProviderStub start(ProviderWorld world) throws IOException {
        ProviderStub s = new ProviderStub(world);
        s.server.start();
        return s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Base URL of a provider's OpenAI-style API on this stub, e.g. {@code http://127.0.0.1:41234/fakeoa/v1}. */
    String providerBaseUrl(String provider) {
        return baseUrl() + "/" + provider + "/v1";
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/healthz" -> send(ex, 200, "{\"ok\":true,\"status\":\"live\"}");
                case "/readyz" -> send(ex, 200, "{\"ready\":true}");
                case "/startupz" -> send(ex, 200, "{\"status\":\"started\"}");
                default -> {
                    if ("POST".equals(ex.getRequestMethod()) && path.endsWith("/chat/completions")) completion(ex, path);
                    else models(ex, path);
                }
            }
        }
    }

    /** A model probe: the smallest chat completion. */
    private void completion(HttpExchange ex, String path) throws IOException {
        ex.getRequestBody().readAllBytes();
        String provider = path.split("/").length > 1 ? path.split("/")[1] : "";
        if (world.providerLimited(provider)) {
            ex.getResponseHeaders().add("retry-after", "1");
            send(ex, 429, "{\"error\":{\"message\":\"Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1.\","
                    + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
            return;
        }
        send(ex, 200, "{\"id\":\"demo\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"o\"},\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
    }

    private void models(HttpExchange ex, String path) throws IOException {
        String[] parts = path.split("/"); // "", provider, "v1", "models"
        if (parts.length != 4 || !"v1".equals(parts[2]) || !"models".equals(parts[3])) {
            send(ex, 404, "{\"error\":{\"message\":\"not found\"}}");
            return;
        }
        String provider = parts[1];
        if (world.providerLimited(provider)) {
            ex.getResponseHeaders().add("retry-after", "1");
            ex.getResponseHeaders().add("x-ratelimit-limit-requests", "3");
            ex.getResponseHeaders().add("x-ratelimit-remaining-requests", "0");
            ex.getResponseHeaders().add("x-ratelimit-reset-requests", "1s");
            send(ex, 429, "{\"error\":{\"message\":\"Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1.\","
                    + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
            return;
        }
        ex.getResponseHeaders().add("x-ratelimit-limit-requests", "3");
        ex.getResponseHeaders().add("x-ratelimit-remaining-requests", "3");
        send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"rl-429\",\"object\":\"model\",\"owned_by\":\"" + provider + "\"},"
                + "{\"id\":\"ok\",\"object\":\"model\",\"owned_by\":\"" + provider + "\"}]}");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
