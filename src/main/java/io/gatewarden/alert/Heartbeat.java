package io.gatewarden.alert;

import io.gatewarden.secret.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Dead-man's switch: pings a URL every {@code interval} on its own thread (a monitor such as healthchecks.io
 * raises the alarm when the pings stop). Failures are logged once per outage, not per ping.
 */
final class Heartbeat {
    private final AlertSettings.Heartbeat settings;
    private final Secret url;
    private final URI uri;
    private final HttpClient client;
    private final Clock clock;
    private final AlertLog log;
    private final IntSupplier pending;
    private final ExecutorService executor;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile Instant nextAt;
    private volatile Instant lastOkAt;
    private volatile String lastError;
    private volatile boolean failing;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    Heartbeat(AlertSettings.Heartbeat settings, Secret url, Clock clock, AlertLog log, IntSupplier pending) {
        this.settings = settings;
        this.url = url;
        this.uri = Http.uri(url, "heartbeat");
        this.client = Http.client(settings.timeout());
        this.clock = clock;
        this.log = log;
        this.pending = pending;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gatewarden-alert-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.nextAt = clock.instant();
    }

    /** Called on every tick: sends when due and the previous ping has finished. */
    void maybeSend(Instant now) {
        if (now.isBefore(nextAt) || !inFlight.compareAndSet(false, true)) return;
        nextAt = now.plus(settings.interval());
        try {
            executor.execute(this::ping);
        } catch (RejectedExecutionException e) {
            inFlight.set(false);
        }
    }

    private void ping() {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("User-Agent", "gatewarden-alert/1");
            if (settings.method().equals("POST")) {
                String body = "{\"status\":\"alive\",\"source\":\"gatewarden\",\"at\":\"" + clock.instant()
                        + "\",\"pendingNotifications\":" + pending.getAsInt() + "}";
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                b.GET();
            }
            DeliveryResult r = Http.send(client, b.build(), settings.timeout(), clock);
            sent.incrementAndGet();
            if (r instanceof DeliveryResult.Delivered) {
                lastOkAt = clock.instant();
                if (failing) log.info("heartbeat to " + Http.describe(uri, url) + " works again");
                failing = false;
            } else {
                failed.incrementAndGet();
                lastError = log.redactor().scrub(reason(r));
                if (!failing) log.warn("heartbeat to " + Http.describe(uri, url) + " failed: " + reason(r));
                failing = true;
            }
        } finally {
            inFlight.set(false);
        }
    }

    private static String reason(DeliveryResult r) {
        if (r instanceof DeliveryResult.Retryable rt) return rt.reason();
        if (r instanceof DeliveryResult.Permanent p) return p.reason();
        return "";
    }

    AlertStats.HeartbeatStats stats() {
        return new AlertStats.HeartbeatStats(true, Http.describe(uri, url), sent.get(), failed.get(), lastOkAt, lastError);
    }

    void stop() {
        executor.shutdownNow();
    }
}
