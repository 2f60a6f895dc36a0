package io.gatewarden.alert;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A receiver that answers with an endless body: the status decides at once, the body is cut at 64 KiB. */
class EndlessResponseBodyTest {
    private HttpServer server;
    private final AtomicLong written = new AtomicLong();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private String start(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "endless");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(status, 0); // chunked, no length
            byte[] chunk = "endless body ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100_000; i++) { // ~1.3 GB at most: far more than anyone should read
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException clientLeft) {
                // expected: the client stops reading
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private DeliveryResult post(String url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return Http.send(client, req, Duration.ofSeconds(5), Clock.systemUTC());
    }

    @Test
    void aSuccessWithAnEndlessBodyIsDeliveredWithoutReadingIt() throws Exception {
        String url = start(200);
        long t0 = System.nanoTime();
        DeliveryResult r = post(url);
        assertThat(r).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aFailureWithAnEndlessBodyIsRetriedWithAShortSnippet() throws Exception {
        String url = start(503);
        DeliveryResult r = post(url);
        assertThat(r).isInstanceOf(DeliveryResult.Retryable.class);
        String reason = ((DeliveryResult.Retryable) r).reason();
        assertThat(reason).startsWith("HTTP 503: endless body").hasSizeLessThan(300);
    }
}
