package io.gatewarden.alert;

import io.gatewarden.secret.Secret;
import io.gatewarden.secret.SecretResolver;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * POSTs the version-1 JSON body. With a secret, it signs {@code <timestamp>.<body>} with HMAC-SHA256 and sends
 * {@code X-Gatewarden-Timestamp} and {@code X-Gatewarden-Signature: sha256=<hex>}; every request carries
 * {@code Idempotency-Key}, the same on every retry, so a receiver can drop a repeat after an unclear failure.
 */
final class WebhookNotifier implements Notifier {
    static final String SIGNATURE_HEADER = "X-Gatewarden-Signature";
    static final String TIMESTAMP_HEADER = "X-Gatewarden-Timestamp";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final AlertSettings.Webhook settings;
    private final Secret url;
    private final URI uri;
    private final Secret secret;
    private final Map<String, Secret> secretHeaders;
    private final HttpClient client;
    private final Clock clock;

    WebhookNotifier(AlertSettings.Webhook settings, SecretResolver secrets, Clock clock) {
        String where = "receiver " + settings.name();
        this.settings = settings;
        this.url = secrets.required(where, "url", settings.url(), settings.urlEnv(), settings.urlFile());
        this.uri = Http.uri(url, settings.name());
        this.secret = secrets.optional(where, "secret", settings.secret(), settings.secretEnv(), settings.secretFile());
        settings.headers().keySet().forEach(h -> Http.checkHeaderName(h, where));
        this.secretHeaders = Http.secretHeaders(where, settings.headersFromEnv(), secrets);
        this.client = Http.client(settings.timeout());
        this.clock = clock;
    }

    List<Secret> secrets() {
        java.util.List<Secret> s = new java.util.ArrayList<>(secretHeaders.values());
        s.add(url);
        if (secret != null) s.add(secret);
        return s;
    }

    @Override
    public DeliveryResult notify(Notification n) {
        byte[] body = WebhookBody.render(n);
        String ts = Long.toString(clock.instant().getEpochSecond());
        HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "gatewarden-alert/1")
                .header(IDEMPOTENCY_HEADER, n.idempotencyKey())
                .header(TIMESTAMP_HEADER, ts);
        settings.headers().forEach(req::header);
        secretHeaders.forEach((h, v) -> req.header(h, v.reveal()));
        if (secret != null) req.header(SIGNATURE_HEADER, "sha256=" + sign(secret, ts, body));
        return Http.send(client, req.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), settings.timeout(), clock);
    }

    /** hex(HMAC-SHA256(secret, timestamp + "." + body)). */
    static String sign(Secret secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() {
        return "webhook " + Http.describe(uri, url) + (secret == null ? "" : ", signed with " + secret.fingerprint());
    }
}
