package io.gatewarden.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A real HTTP server on 127.0.0.1 (port 0) that records every request and answers what the test says. */
final class HttpStub implements AutoCloseable {
    record Request(String method, String path, Map<String, String> headers, byte[] body, Instant receivedAt, long receivedNanos, int status) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    record Reply(int status, Map<String, String> headers, String body) {
        static Reply ok() {
            return new Reply(200, Map.of(), "ok");
        }

        static Reply status(int s) {
            return new Reply(s, Map.of(), "status " + s);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> responder = r -> Reply.ok();
    private final java.time.Clock clock;

    HttpStub(java.time.Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "http-stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    void respond(Function<Request, Reply> responder) {
        this.responder = responder;
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        Request pre = new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body, clock.instant(), System.nanoTime(), 0);
        Reply reply;
        try {
            reply = responder.apply(pre);
        } catch (RuntimeException e) {
            reply = new Reply(500, Map.of(), "stub error " + e);
        }
        requests.add(new Request(pre.method(), pre.path(), headers, body, pre.receivedAt(), pre.receivedNanos(), reply.status()));
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
        ex.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    List<Request> accepted() {
        return requests.stream().filter(r -> r.status() >= 200 && r.status() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
