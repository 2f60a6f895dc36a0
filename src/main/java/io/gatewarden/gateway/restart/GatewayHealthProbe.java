package io.gatewarden.gateway.restart;

import io.gatewarden.secret.Redactor;
import io.gatewarden.util.HttpClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the gateway's own health endpoints: {@code GET /healthz} ({"ok":true,"status":"live"}) and
 * {@code GET /startupz} ({"status":"started"}). Uses the JDK HttpClient rather than a Quarkus REST client so the
 * same code runs in the CLI, in plain JUnit and in the daemon. Each probe is bounded by {@code timeout} as a
 * whole (connect, headers and body): a gateway that accepts the connection and then hangs is a failed probe.
 */
public class GatewayHealthProbe {
    private static final int MAX_BODY = 4096;

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public GatewayHealthProbe(String baseUrl, Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.timeout = timeout;
        this.http = HttpClients.builder()
                // HTTP/1.1 only: the JDK's default (HTTP/2) sends "Connection: Upgrade, HTTP2-Settings" + "Upgrade: h2c"
                // on plain http, and OpenClaw 2026.9.6 answers that with "400 Invalid Upgrade header" (its HTTP server
                // also serves WebSocket upgrades), which made a healthy gateway look down and restarted it
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /**
     * One probe's answer.
     *
     * @param ok     the endpoint answered 200 with the expected body
     * @param status HTTP status, 0 when there was no answer
     * @param detail a short text for journals: the body, or why there was no answer
     */
    public record Result(boolean ok, int status, String detail, Duration took) {}

    /** GET /healthz: live when 200 and the body does not say ok:false. */
    public Result healthz() {
        return get("healthz", body -> !body.replace(" ", "").contains("\"ok\":false"));
    }

    /** GET /startupz: started when 200 and the body says "started". */
    public Result startupz() {
        return get("startupz", body -> body.contains("\"started\""));
    }

    /**
     * Waits (in real time: this waits on a real process) until /startupz says started. A "started" answer counts
     * once the gateway has been seen not started, or once {@code settle} has passed since the call began: an
     * in-process restart may still answer from before it acted on the signal.
     *
     * @return the last probe result, ok only if the gateway came up in time
     */
    public Result awaitStarted(Duration within, Duration settle, Duration pollEvery) {
        long t0 = System.nanoTime();
        long deadline = t0 + within.toNanos();
        boolean sawNotStarted = false;
        Result last = new Result(false, 0, "not probed", Duration.ZERO);
        while (true) {
            last = startupz();
            long now = System.nanoTime();
            if (!last.ok()) sawNotStarted = true;
            else if (sawNotStarted || now - t0 >= settle.toNanos()) {
                return new Result(true, last.status(), last.detail(), Duration.ofNanos(now - t0));
            }
            if (now >= deadline) {
                String why = last.ok() ? "answered started but was never seen restarting" : last.detail();
                return new Result(false, last.status(), "not started within " + within.toMillis() + " ms: " + why,
                        Duration.ofNanos(now - t0));
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pollEvery.toMillis(), (deadline - now) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(false, 0, "interrupted", Duration.ofNanos(System.nanoTime() - t0));
            }
        }
    }

    private Result get(String path, java.util.function.Predicate<String> bodyOk) {
        long t0 = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String body = r.body() == null ? "" : r.body();
            if (body.length() > MAX_BODY) body = body.substring(0, MAX_BODY);
            boolean ok = r.statusCode() == 200 && bodyOk.test(body);
            return new Result(ok, r.statusCode(), "HTTP " + r.statusCode() + " " + Redactor.mask(body.strip()), since(t0));
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Result(false, 0, "no answer within " + timeout.toMillis() + " ms", since(t0));
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof java.net.http.HttpConnectTimeoutException) {
                return new Result(false, 0, "no connection within " + timeout.toMillis() + " ms", since(t0));
            }
            if (c instanceof java.net.http.HttpTimeoutException) {
                return new Result(false, 0, "no answer within " + timeout.toMillis() + " ms", since(t0));
            }
            String what = c instanceof IOException && c.getMessage() == null ? c.getClass().getSimpleName()
                    : c.getClass().getSimpleName() + ": " + c.getMessage();
            return new Result(false, 0, what, since(t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, 0, "interrupted", since(t0));
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
