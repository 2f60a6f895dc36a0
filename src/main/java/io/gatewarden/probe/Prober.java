package io.gatewarden.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.secret.Secret;
import io.gatewarden.secret.SecretResolver;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one probe round against one target: the cheap request of its kind (model list or health endpoint),
 * then judges the answer: status, body shape, rate-limit headers. Never throws; every outcome is a
 * {@link ProbeResult}. Keys are read at each round and appear in the result only as fingerprints.
 */
public final class Prober {
    static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    private static final int DETAIL_CHARS = 200;

    private final ProbeHttp http;
    private final Clock clock;
    private final Function<String, String> env;
    private final ObjectMapper json = new ObjectMapper();

    /** @param env environment lookup for keys named by env var (System::getenv in production) */
    public Prober(ProbeHttp http, Clock clock, Function<String, String> env) {
        this.http = http;
        this.clock = clock;
        this.env = env;
    }

    public ProbeResult probe(ProbeTarget target) {
        Instant at = clock.instant();
        SecretResolver.Lookup cred = target.credential().resolve(env);
        if (cred.isMissing()) {
            return new ProbeResult(target.name(), target.kind(), target.provider(), target.profile(), null, null, at,
                    Duration.ZERO, 0, FailureKind.NO_CREDENTIAL, cred.missing(), RateLimits.NONE);
        }
        Secret secret = cred.secret();
        String fp = secret == null ? null : secret.fingerprint();
        long started = System.nanoTime();
        URI lastUrl = null;
        int lastStatus = 0;
        String lastDetail = null;
        RateLimits limits = RateLimits.NONE;
        for (String path : target.paths()) {
            URI url = target.uriFor(path);
            lastUrl = url;
            HttpReply reply;
            try {
                reply = http.get(requestUri(target, url, secret), headers(target, secret), target.timeout());
            } catch (ProbeIoException e) {
                return result(target, fp, url, at, started, 0, e.kind(), redact(secret, e.getMessage()), limits);
            } catch (RuntimeException e) {
                // an adapter bug must not kill the probing thread; report it as a transport failure
                return result(target, fp, url, at, started, 0, FailureKind.CONNECTION_ERROR,
                        redact(secret, e.getClass().getSimpleName() + ": " + e.getMessage()), limits);
            }
            RateLimits parsed = RateLimitHeaders.parse(reply.headers(), at);
            if (!parsed.isEmpty()) limits = parsed;
            lastStatus = reply.status();
            FailureKind kind = classifyStatus(reply.status());
            if (kind != FailureKind.NONE) {
                return result(target, fp, url, at, started, reply.status(), kind,
                        redact(secret, "HTTP " + reply.status() + ": " + snippet(reply.bodyText())), limits);
            }
            String bodyProblem = checkBody(target.kind(), reply);
            if (bodyProblem != null) {
                return result(target, fp, url, at, started, reply.status(), FailureKind.GARBAGE_BODY,
                        redact(secret, bodyProblem), limits);
            }
            lastDetail = describeOk(target.kind(), path, reply);
        }
        return result(target, fp, lastUrl, at, started, lastStatus, FailureKind.NONE, lastDetail, limits);
    }

    private ProbeResult result(ProbeTarget t, String fp, URI url, Instant at, long startedNanos, int status,
                               FailureKind kind, String detail, RateLimits limits) {
        Duration latency = Duration.ofNanos(System.nanoTime() - startedNanos);
        return new ProbeResult(t.name(), t.kind(), t.provider(), t.profile(), fp, url, at, latency, status, kind,
                detail, limits);
    }

    static FailureKind classifyStatus(int status) {
        if (status >= 200 && status < 300) return FailureKind.NONE;
        if (status == 401 || status == 403) return FailureKind.AUTH;
        if (status == 429) return FailureKind.RATE_LIMITED;
        if (status >= 500) return FailureKind.SERVER_ERROR;
        return FailureKind.CLIENT_ERROR;
    }

    private static URI requestUri(ProbeTarget t, URI url, Secret secret) {
        if (secret == null || t.kind() != ProviderKind.GEMINI || !t.keyInQuery()) return url;
        return URI.create(url + "?key=" + URLEncoder.encode(secret.reveal(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(ProbeTarget t, Secret secret) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        h.put("User-Agent", "gatewarden-probe");
        switch (t.kind()) {
            case ANTHROPIC -> {
                h.put("anthropic-version", t.headers().getOrDefault("anthropic-version", DEFAULT_ANTHROPIC_VERSION));
                if (secret != null) h.put("x-api-key", secret.reveal());
            }
            case GEMINI -> {
                if (secret != null && !t.keyInQuery()) h.put("x-goog-api-key", secret.reveal());
            }
            default -> {
                if (secret != null) h.put("Authorization", "Bearer " + secret.reveal());
            }
        }
        t.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("anthropic-version")) h.put(k, v);
        });
        return h;
    }

    /** Null when the body has the shape this endpoint returns, else why not. */
    private String checkBody(ProviderKind kind, HttpReply reply) {
        if (reply.truncated()) return "body larger than the probe's limit (" + reply.body().length + " bytes kept)";
        JsonNode root;
        try {
            root = json.readTree(reply.body());
        } catch (Exception e) {
            return "body is not JSON: " + snippet(reply.bodyText());
        }
        if (root == null || !root.isObject()) return "body is not a JSON object: " + snippet(reply.bodyText());
        return switch (kind) {
            case ANTHROPIC, OPENAI -> root.path("data").isArray() ? null : "no \"data\" list in the models answer";
            case OLLAMA -> root.path("models").isArray() ? null : "no \"models\" list in the tags answer";
            case GEMINI -> root.path("models").isArray() || root.size() == 0 ? null : "no \"models\" list in the models answer";
            case GATEWAY -> checkGatewayBody(root);
        };
    }

    /** /healthz {"ok":true,"status":"live"}, /readyz {"ready":true}, /startupz {"ok":true,"status":"started"}. */
    private static String checkGatewayBody(JsonNode root) {
        if (root.has("ready")) return root.get("ready").asBoolean(false) ? null : "gateway says not ready";
        if (root.has("ok")) return root.get("ok").asBoolean(false) ? null : "gateway says not ok";
        return "health answer has neither \"ok\" nor \"ready\"";
    }

    private String describeOk(ProviderKind kind, String path, HttpReply reply) {
        try {
            JsonNode root = json.readTree(reply.body());
            return switch (kind) {
                case ANTHROPIC, OPENAI -> root.path("data").size() + " models";
                case OLLAMA, GEMINI -> root.path("models").size() + " models";
                case GATEWAY -> path + " " + snippet(root.toString());
            };
        } catch (Exception e) {
            return "ok";
        }
    }

    private static String redact(Secret secret, String text) {
        return secret == null ? text : secret.redact(text);
    }

    static String snippet(String s) {
        if (s == null) return "";
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= DETAIL_CHARS ? one : one.substring(0, DETAIL_CHARS) + "…";
    }
}
