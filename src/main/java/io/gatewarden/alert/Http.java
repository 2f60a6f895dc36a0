package io.gatewarden.alert;

import io.gatewarden.secret.Secret;
import io.gatewarden.secret.SecretResolver;
import io.gatewarden.util.HttpClients;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Plain JDK HTTP for the webhook, Alertmanager and heartbeat receivers: bounded time, classified outcomes. */
final class Http {
    /** Headers the JDK client sets itself and refuses from callers. */
    static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private Http() {}

    static HttpClient client(Duration timeout) {
        Duration connect = timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
        return HttpClients.builder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could carry a signed body elsewhere
                .build();
    }

    static URI uri(Secret url, String receiver) {
        try {
            URI u = URI.create(url.reveal());
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            if (u.getHost() == null) throw new IllegalArgumentException("no host");
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("receiver " + receiver + ": URL " + url.fingerprint() + " is not a valid http(s) URL");
        }
    }

    /** scheme://host:port and the URL's fingerprint: enough to tell receivers apart, nothing to abuse. */
    static String describe(URI u, Secret url) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + " (url " + url.fingerprint() + ")";
    }

    /** Header values from environment variables (e.g. an Authorization header), each treated as a secret. */
    static java.util.Map<String, Secret> secretHeaders(String where, java.util.Map<String, String> fromEnv, SecretResolver secrets) {
        java.util.Map<String, Secret> out = new java.util.TreeMap<>();
        fromEnv.forEach((header, envName) -> {
            checkHeaderName(header, where);
            out.put(header, secrets.requiredEnv(envName, where + ": environment variable " + envName + " (header " + header + ") is not set"));
        });
        return out;
    }

    static void checkHeaderName(String name, String receiver) {
        if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("receiver " + receiver + ": header '" + name + "' cannot be set");
        }
    }

    /** Of a receiver's answer only the status and a snippet matter: a huge or endless body is cut here, not buffered. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * Keeps the first {@code limit} bytes of a response body and then stops reading (the connection is dropped), so a
     * receiver that streams megabytes costs neither memory nor time beyond that.
     */
    static final class LimitedBody implements HttpResponse.BodySubscriber<String> {
        private final int limit;
        private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private java.util.concurrent.Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public java.util.concurrent.CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(java.util.List<java.nio.ByteBuffer> items) {
            if (result.isDone()) return;
            for (java.nio.ByteBuffer b : items) {
                int n = Math.min(b.remaining(), limit - buf.size());
                byte[] a = new byte[n];
                b.get(a);
                buf.write(a, 0, n);
            }
            if (buf.size() >= limit) {
                result.complete(text());
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(text());
        }

        private String text() {
            return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Sends and waits at most {@code timeout} (plus a little for the client's own timer); never throws. */
    static DeliveryResult send(HttpClient client, HttpRequest request, Duration timeout, Clock clock) {
        CompletableFuture<HttpResponse<String>> f = client.sendAsync(request, info -> new LimitedBody(MAX_BODY_BYTES));
        try {
            HttpResponse<String> r = f.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return classify(r.statusCode(), r.headers().firstValue("Retry-After"), r.body(), clock);
        } catch (TimeoutException e) {
            f.cancel(true);
            return DeliveryResult.retry("timeout after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted");
        } catch (ExecutionException e) {
            return failure(e.getCause() == null ? e : e.getCause(), timeout);
        }
    }

    static DeliveryResult failure(Throwable t, Duration timeout) {
        if (t instanceof HttpTimeoutException) return DeliveryResult.retry("timeout after " + timeout.toMillis() + " ms");
        if (t instanceof ConnectException) return DeliveryResult.retry("connection failed: " + simple(t));
        if (t instanceof IOException) return DeliveryResult.retry("I/O error: " + simple(t));
        if (t instanceof IllegalArgumentException) return DeliveryResult.permanent("bad request: " + simple(t));
        return DeliveryResult.retry("error: " + simple(t));
    }

    private static String simple(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }

    /** 2xx delivered; 408, 429 and 5xx worth retrying (honouring Retry-After); any other status never will work. */
    static DeliveryResult classify(int status, Optional<String> retryAfter, String body, Clock clock) {
        if (status >= 200 && status < 300) return DeliveryResult.delivered();
        String reason = "HTTP " + status + snippet(body);
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryResult.Retryable(reason, retryAfter.map(v -> parseRetryAfter(v, clock)).orElse(null));
        }
        return DeliveryResult.permanent(reason);
    }

    static String snippet(String body) {
        if (body == null || body.isBlank()) return "";
        String s = body.strip().replaceAll("\\s+", " ");
        return ": " + (s.length() > 200 ? s.substring(0, 200) + "…" : s);
    }

    /** Delta-seconds or an HTTP date; null when unreadable. */
    static Duration parseRetryAfter(String value, Clock clock) {
        if (value == null) return null;
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException ignored) {
            // not seconds: try a date
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
