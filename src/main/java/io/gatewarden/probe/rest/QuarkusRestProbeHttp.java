package io.gatewarden.probe.rest;

import io.gatewarden.probe.FailureKind;
import io.gatewarden.probe.HttpReply;
import io.gatewarden.probe.ProbeHttp;
import io.gatewarden.probe.ProbeIoException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ProbeHttp} on the Quarkus REST client, for the daemon. It works only inside a booted Quarkus application
 * (client stubs are generated at build time; ArC and Vert.x are looked up at run time), which is why the probe
 * code talks to {@link ProbeHttp} and plain code uses {@link io.gatewarden.probe.JdkProbeHttp}.
 * One client per probed URL and timeout, kept for the life of this object (the set is bounded by the configuration).
 * The client buffers a whole body before this adapter cuts it at the byte limit; model lists are small.
 */
public final class QuarkusRestProbeHttp implements ProbeHttp {
    private static final Set<String> KNOWN_HEADERS = Set.of("accept", "user-agent", "x-api-key", "anthropic-version",
            "authorization", "x-goog-api-key");

    private final Duration connectTimeout;
    private final int maxBodyBytes;
    private final Map<String, ProbeEndpoint> clients = new HashMap<>();
    /** The model probe's POST (a JSON body, one output token) goes through the JDK client: the REST stub is GET-only. */
    private final io.gatewarden.probe.JdkProbeHttp poster;

    public QuarkusRestProbeHttp(Duration connectTimeout, int maxBodyBytes) {
        this.connectTimeout = connectTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.poster = new io.gatewarden.probe.JdkProbeHttp(connectTimeout, maxBodyBytes);
    }

    @Override
    public HttpReply post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) throws ProbeIoException {
        return poster.post(uri, headers, body, timeout);
    }

    @Override
    public HttpReply get(URI uri, Map<String, String> headers, Duration timeout) throws ProbeIoException {
        Map<String, String> h = new HashMap<>();
        headers.forEach((k, v) -> {
            String n = k.toLowerCase(Locale.ROOT);
            if (!KNOWN_HEADERS.contains(n)) throw new IllegalArgumentException("header " + k + " is not supported by this adapter");
            h.put(n, v);
        });
        URI base = withoutQuery(uri);
        String key = queryKey(uri);
        ProbeEndpoint client = client(base, timeout);
        CompletableFuture<Response> f;
        try {
            f = client.get(h.get("accept"), h.get("x-api-key"), h.get("anthropic-version"), h.get("authorization"),
                    h.get("x-goog-api-key"), key).toCompletableFuture();
        } catch (RuntimeException e) {
            throw classify(e, timeout);
        }
        try (Response r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            byte[] body = r.hasEntity() ? r.readEntity(byte[].class) : new byte[0];
            boolean truncated = body.length > maxBodyBytes;
            if (truncated) body = Arrays.copyOf(body, maxBodyBytes);
            return new HttpReply(r.getStatus(), copy(r.getStringHeaders()), body, truncated);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ProbeIoException(FailureKind.TIMEOUT, "no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeIoException(FailureKind.CONNECTION_ERROR, "interrupted");
        } catch (ExecutionException e) {
            throw classify(e.getCause(), timeout);
        } catch (RuntimeException e) {
            throw classify(e, timeout);
        }
    }

    private synchronized ProbeEndpoint client(URI base, Duration timeout) {
        return clients.computeIfAbsent(base + " " + timeout.toMillis(), k -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(true)
                .userAgent("gatewarden-probe")
                // a 401/429/503 is an answer to judge, not an exception
                .disableDefaultMapper(true)
                .build(ProbeEndpoint.class));
    }

    static ProbeIoException classify(Throwable t, Duration timeout) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) return new ProbeIoException(FailureKind.CONNECTION_REFUSED, "connection refused");
            if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
                return new ProbeIoException(FailureKind.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
            }
        }
        String what = t == null ? "unknown error" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return new ProbeIoException(FailureKind.CONNECTION_ERROR, what);
    }

    private static URI withoutQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? uri : URI.create(s.substring(0, q));
    }

    /** The only query parameter a probe sends is Gemini's {@code key}. */
    private static String queryKey(URI uri) {
        String q = uri.getRawQuery();
        if (q == null) return null;
        for (String part : q.split("&")) {
            if (part.startsWith("key=")) return URLDecoder.decode(part.substring(4), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static Map<String, List<String>> copy(MultivaluedMap<String, String> in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    @Override
    public synchronized void close() {
        for (ProbeEndpoint c : clients.values()) {
            if (c instanceof AutoCloseable ac) {
                try {
                    ac.close();
                } catch (Exception ignored) {
                    // closing a client on shutdown: nothing useful to do on failure
                }
            }
        }
        clients.clear();
    }
}
