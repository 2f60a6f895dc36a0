package io.gatewarden.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One JDK HTTP server on 127.0.0.1 (port 0) that mimics the providers' cheap endpoints, status codes and
 * rate-limit headers. Each context is a provider "personality"; requests are recorded for assertions.
 */
public final class FakeProviders implements AutoCloseable {
    public static final String ANTHROPIC_KEY = "sk-ant-test-0123456789abcdef";
    public static final String OPENAI_KEY = "sk-test-openai-abcdef0123456789";
    public static final String GEMINI_KEY = "AIzaTestGeminiKey0123456789";

    public record Seen(String path, String query, Map<String, List<String>> headers) {}

    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    public volatile String readyBody = "{\"ready\":true}";
    public volatile int readyStatus = 200;

    public FakeProviders() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        // Anthropic: GET /v1/models with x-api-key and anthropic-version
        server.createContext("/anthropic/v1/models", ex -> {
            record(ex);
            if (!ANTHROPIC_KEY.equals(ex.getRequestHeaders().getFirst("x-api-key"))) {
                send(ex, 401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}", Map.of());
            } else if (ex.getRequestHeaders().getFirst("anthropic-version") == null) {
                send(ex, 400, "{\"type\":\"error\",\"error\":{\"message\":\"anthropic-version header is required\"}}", Map.of());
            } else {
                send(ex, 200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\"},{\"type\":\"model\",\"id\":\"claude-opus-4-5\"}],\"has_more\":false}",
                        Map.of("anthropic-ratelimit-requests-limit", "50",
                                "anthropic-ratelimit-requests-remaining", "12",
                                "anthropic-ratelimit-requests-reset", "2026-11-23T12:01:00Z",
                                "anthropic-ratelimit-tokens-limit", "40000",
                                "anthropic-ratelimit-tokens-remaining", "39000",
                                "anthropic-ratelimit-tokens-reset", "2026-11-23T12:00:30Z"));
            }
        });
        // OpenAI: bearer, x-ratelimit-* with Go durations
        server.createContext("/openai/v1/models", ex -> {
            record(ex);
            if (!("Bearer " + OPENAI_KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                // a careless server that echoes the key it got: the probe must not pass it on
                send(ex, 401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                        + ex.getRequestHeaders().getFirst("Authorization") + "\"}}", Map.of());
            } else {
                send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4.1\",\"object\":\"model\"}]}",
                        Map.of("x-ratelimit-limit-requests", "10000", "x-ratelimit-remaining-requests", "9999",
                                "x-ratelimit-reset-requests", "6m0s", "x-ratelimit-limit-tokens", "2000000",
                                "x-ratelimit-remaining-tokens", "1999000", "x-ratelimit-reset-tokens", "1s"));
            }
        });
        // LM Studio: OpenAI-compatible, base URL ends in /v1, no key
        server.createContext("/lmstudio/v1/models", ex -> {
            record(ex);
            send(ex, 200, "{\"data\":[{\"id\":\"qwen2.5-7b-instruct\",\"object\":\"model\"}],\"object\":\"list\"}", Map.of());
        });
        server.createContext("/ollama/api/tags", ex -> {
            record(ex);
            send(ex, 200, "{\"models\":[{\"name\":\"qwen2.5:latest\",\"size\":4683087332}]}", Map.of());
        });
        server.createContext("/gemini/v1beta/models", ex -> {
            record(ex);
            String q = ex.getRequestURI().getRawQuery();
            boolean ok = GEMINI_KEY.equals(ex.getRequestHeaders().getFirst("x-goog-api-key"))
                    || ("key=" + GEMINI_KEY).equals(q);
            if (ok) send(ex, 200, "{\"models\":[{\"name\":\"models/gemini-2.5-pro\"}]}", Map.of());
            else send(ex, 403, "{\"error\":{\"code\":403,\"status\":\"PERMISSION_DENIED\"}}", Map.of());
        });
        server.createContext("/rl/v1/models", ex -> {
            record(ex);
            send(ex, 429, "{\"error\":{\"type\":\"rate_limit_error\"}}", Map.of("retry-after", "17",
                    "x-ratelimit-remaining-requests", "0", "x-ratelimit-limit-requests", "60", "x-ratelimit-reset-requests", "17s"));
        });
        server.createContext("/overloaded/v1/models", ex -> {
            record(ex);
            send(ex, 529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}", Map.of());
        });
        server.createContext("/garbage/v1/models", ex -> {
            record(ex);
            send(ex, 200, "<html><body>Welcome to nginx!</body></html>", Map.of());
        });
        server.createContext("/hang/v1/models", ex -> {
            record(ex);
            try {
                release.await(30, TimeUnit.SECONDS); // never answers within any probe timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.createContext("/gw/healthz", ex -> {
            record(ex);
            send(ex, 200, "{\"ok\":true,\"status\":\"live\"}", Map.of());
        });
        server.createContext("/gw/readyz", ex -> {
            record(ex);
            send(ex, readyStatus, readyBody, Map.of());
        });
        server.start();
    }

    public String base(String personality) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + personality;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void record(HttpExchange ex) {
        seen.add(new Seen(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders())));
    }

    private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
