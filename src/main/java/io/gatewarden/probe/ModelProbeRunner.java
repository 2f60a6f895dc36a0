package io.gatewarden.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.secret.Secret;
import io.gatewarden.secret.SecretResolver;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Model probes: the smallest real request to one model (one output token) through the provider's API with the key
 * of its provider target — the only probe that can tell a model's rate limit is over (a models list keeps answering
 * 200 during one). Sent only for the (profile, model) pairs a caller names (the daemon: half-open breakers opened by
 * a model-level failure), only for providers whose {@code model_probe} is enabled, at most
 * {@code max_per_hour} per model in any sliding hour and no closer than {@code interval} per model.
 *
 * <p>Outcomes: 2xx is {@link Outcome#OK}; 429, 5xx, 401/403 and no connection are {@link Outcome#FAILED}; a timeout,
 * a missing key or another 4xx (the probe's own request was refused, e.g. a parameter this server does not take)
 * are {@link Outcome#INCONCLUSIVE}: they say nothing about the model's health. Thread-safe; the HTTP call runs
 * outside the lock.
 */
public final class ModelProbeRunner {
    private static final int MAX_MODELS = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A (provider, profile, model) to probe; {@code model} is the id without the provider prefix. */
    public record Candidate(String provider, String profile, String model) {
        public String modelRef() {
            return provider + "/" + model;
        }
    }

    public enum Outcome {
        OK, FAILED, INCONCLUSIVE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One model probe's answer. {@code retryAfter}: the provider's Retry-After on a failure, else null. */
    public record Result(String target, Candidate candidate, Instant at, Duration latency, int status, FailureKind failure,
                         Outcome outcome, String detail, Duration retryAfter) {}

    /** Per model, for the status page and API: probes in the last hour against the cap, the last answer. */
    public record ModelStatus(String target, String model, int lastHour, int maxPerHour, Instant nextAllowed,
                              long sent, long capped, Result last) {}

    private final List<ModelProbeTarget> targets;
    private final ProbeHttp http;
    private final Clock clock;
    private final Function<String, String> env;
    private final Map<String, Deque<Instant>> sentAt = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Result> last = new LinkedHashMap<>();
    private final Map<String, long[]> perModel = new LinkedHashMap<>(); // [sent, capped]
    private final EnumMap<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    private long capped;

    public ModelProbeRunner(List<ModelProbeTarget> targets, ProbeHttp http, Clock clock, Function<String, String> env) {
        this.targets = List.copyOf(targets);
        this.http = http;
        this.clock = clock;
        this.env = env;
        for (Outcome o : Outcome.values()) counts.put(o, 0L);
    }

    public boolean enabled() {
        return !targets.isEmpty();
    }

    /** The target that may probe this candidate: same provider, and same profile when the target names one. */
    public ModelProbeTarget targetFor(String provider, String profile) {
        for (ModelProbeTarget t : targets) {
            if (!t.target().provider().equals(provider)) continue;
            if (t.target().profile() != null && profile != null && !t.target().profile().equals(profile)) continue;
            return t;
        }
        return null;
    }

    /** Probes every candidate that has a target and is due (interval and hourly cap); returns the answers. */
    public List<Result> run(List<Candidate> candidates) {
        List<Result> out = new ArrayList<>();
        for (Candidate c : candidates) {
            ModelProbeTarget t = targetFor(c.provider(), c.profile());
            if (t == null || !claim(t, c)) continue;
            Result r = probe(t, c);
            record(t, c, r);
            out.add(r);
        }
        return out;
    }

    /** Takes one probe from the model's hourly budget if the interval has passed and the cap allows; counts a capped one. */
    private synchronized boolean claim(ModelProbeTarget t, Candidate c) {
        Instant now = clock.instant();
        String k = key(t, c);
        Deque<Instant> q = sentAt.computeIfAbsent(k, x -> new ArrayDeque<>());
        if (sentAt.size() > MAX_MODELS) {
            var it = sentAt.keySet().iterator();
            it.next();
            it.remove();
        }
        while (!q.isEmpty() && (!q.peekFirst().isAfter(now.minus(Duration.ofHours(1))) || q.peekFirst().isAfter(now))) q.pollFirst();
        if (!q.isEmpty() && now.isBefore(q.peekLast().plus(t.interval()))) return false;
        long[] pm = perModel.computeIfAbsent(k, x -> new long[2]);
        if (q.size() >= t.settings().maxPerHour()) {
            capped++;
            pm[1]++;
            return false;
        }
        q.addLast(now);
        pm[0]++;
        return true;
    }

    private synchronized void record(ModelProbeTarget t, Candidate c, Result r) {
        counts.merge(r.outcome(), 1L, Long::sum);
        last.put(key(t, c), r);
        if (last.size() > MAX_MODELS) {
            var it = last.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    /** Model probes sent, by outcome (metrics). */
    public synchronized long count(Outcome o) {
        return counts.get(o);
    }

    /** Model probes not sent because the model's hourly cap was reached (metrics). */
    public synchronized long cappedCount() {
        return capped;
    }

    public synchronized List<ModelStatus> status() {
        Instant now = clock.instant();
        List<ModelStatus> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : perModel.entrySet()) {
            String[] parts = e.getKey().split("\\|", 3);
            ModelProbeTarget t = targets.stream().filter(x -> x.target().name().equals(parts[0])).findFirst().orElse(null);
            if (t == null) continue;
            Deque<Instant> q = sentAt.getOrDefault(e.getKey(), new ArrayDeque<>());
            int hour = (int) q.stream().filter(i -> i.isAfter(now.minus(Duration.ofHours(1)))).count();
            Instant next = q.isEmpty() ? now : q.peekLast().plus(t.interval());
            if (hour >= t.settings().maxPerHour() && !q.isEmpty()) {
                Instant oldest = q.stream().filter(i -> i.isAfter(now.minus(Duration.ofHours(1)))).findFirst().orElse(now);
                Instant capEnd = oldest.plus(Duration.ofHours(1));
                if (capEnd.isAfter(next)) next = capEnd;
            }
            out.add(new ModelStatus(parts[0], parts[1], hour, t.settings().maxPerHour(), next, e.getValue()[0], e.getValue()[1],
                    last.get(e.getKey())));
        }
        return out;
    }

    private static String key(ModelProbeTarget t, Candidate c) {
        return t.target().name() + "|" + c.modelRef() + (c.profile() == null ? "" : "|" + c.profile());
    }

    // ------------------------------------------------------------------ one request

    Result probe(ModelProbeTarget mt, Candidate c) {
        ProbeTarget t = mt.target();
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        SecretResolver.Lookup cred = t.credential().resolve(env);
        if (cred.isMissing()) {
            return new Result(t.name(), c, at, Duration.ZERO, 0, FailureKind.NO_CREDENTIAL, Outcome.INCONCLUSIVE, cred.missing(), null);
        }
        Secret secret = cred.secret();
        URI url = t.uriFor(mt.pathFor(c.model()));
        if (secret != null && t.kind() == ProviderKind.GEMINI && t.keyInQuery()) {
            url = URI.create(url + "?key=" + java.net.URLEncoder.encode(secret.reveal(), StandardCharsets.UTF_8));
        }
        HttpReply reply;
        try {
            reply = http.post(url, headers(t, secret), body(t.kind(), c.model()), mt.timeout());
        } catch (ProbeIoException e) {
            Outcome o = e.kind() == FailureKind.TIMEOUT ? Outcome.INCONCLUSIVE : Outcome.FAILED;
            return new Result(t.name(), c, at, Duration.ofNanos(System.nanoTime() - t0), 0, e.kind(), o,
                    redact(secret, e.getMessage()), null);
        } catch (RuntimeException e) {
            return new Result(t.name(), c, at, Duration.ofNanos(System.nanoTime() - t0), 0, FailureKind.CONNECTION_ERROR,
                    Outcome.INCONCLUSIVE, redact(secret, e.getClass().getSimpleName() + ": " + e.getMessage()), null);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        FailureKind kind = Prober.classifyStatus(reply.status());
        Outcome o = switch (kind) {
            case NONE -> Outcome.OK;
            case RATE_LIMITED, SERVER_ERROR, AUTH -> Outcome.FAILED;
            default -> Outcome.INCONCLUSIVE;
        };
        RateLimits limits = RateLimitHeaders.parse(reply.headers(), at);
        String detail = o == Outcome.OK ? "HTTP " + reply.status() + ", 1 output token"
                : "HTTP " + reply.status() + ": " + Prober.snippet(redact(secret, reply.bodyText()));
        return new Result(t.name(), c, at, latency, reply.status(), kind, o, detail,
                o == Outcome.FAILED ? limits.retryAfter() : null);
    }

    private static Map<String, String> headers(ProbeTarget t, Secret secret) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        h.put("Content-Type", "application/json");
        h.put("User-Agent", "gatewarden-model-probe");
        switch (t.kind()) {
            case ANTHROPIC -> {
                h.put("anthropic-version", t.headers().getOrDefault("anthropic-version", Prober.DEFAULT_ANTHROPIC_VERSION));
                if (secret != null) h.put("x-api-key", secret.reveal());
            }
            case GEMINI -> {
                if (secret != null && !t.keyInQuery()) h.put("x-goog-api-key", secret.reveal());
            }
            default -> {
                if (secret != null) h.put("Authorization", "Bearer " + secret.reveal());
            }
        }
        return h;
    }

    /** The smallest generation request of each API: one short user message, one output token, no stream. */
    static byte[] body(ProviderKind kind, String model) {
        ObjectNode b = JSON.createObjectNode();
        switch (kind) {
            case GEMINI -> {
                b.putArray("contents").addObject().putArray("parts").addObject().put("text", "ping");
                b.putObject("generationConfig").put("maxOutputTokens", 1);
            }
            case OLLAMA -> {
                b.put("model", model).put("prompt", "ping").put("stream", false);
                b.putObject("options").put("num_predict", 1);
            }
            default -> { // anthropic messages and openai chat completions take the same minimal shape
                b.put("model", model).put("max_tokens", 1).put("stream", false);
                b.putArray("messages").addObject().put("role", "user").put("content", "ping");
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String redact(Secret secret, String text) {
        return secret == null || text == null ? text : secret.redact(text);
    }
}
