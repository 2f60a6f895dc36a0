package io.gatewarden.probe;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the {@code probe:} block of gatewarden.yaml (snake_case keys; every key optional).
 * See docs/probe.md for every key with its default.
 *
 * @param enabled        run probes at all
 * @param interval       time between rounds of a provider target (default 60s)
 * @param jitter         each wait is interval × (1 ± jitter), spreading probes apart (0..0.5, default 0.1)
 * @param timeout        deadline of one request, connect to last byte (default 5s)
 * @param connectTimeout TCP/TLS connect deadline (default 3s)
 * @param unhealthyAfter consecutive failing rounds that open provider_unhealthy (default 3)
 * @param healthyAfter   consecutive good rounds that resolve it (default 1)
 * @param maxBodyBytes   bytes of a response body kept; longer answers are cut and count as garbage (default 2 MiB)
 * @param gateway        the gateway's own health probe
 * @param providers      provider targets (none by default)
 */
public record ProbeSettings(Boolean enabled, Duration interval, Double jitter, Duration timeout,
                            Duration connectTimeout, Integer unhealthyAfter, Integer healthyAfter,
                            Integer maxBodyBytes, GatewayProbe gateway, List<ProviderProbe> providers) {

    public ProbeSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        interval = positive(interval, Duration.ofSeconds(60), "probe.interval");
        jitter = jitter == null ? 0.1 : jitter;
        if (jitter < 0 || jitter > 0.5) throw new IllegalArgumentException("probe.jitter must be between 0 and 0.5, got " + jitter);
        timeout = positive(timeout, Duration.ofSeconds(5), "probe.timeout");
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(3), "probe.connect_timeout");
        unhealthyAfter = atLeastOne(unhealthyAfter, 3, "probe.unhealthy_after");
        healthyAfter = atLeastOne(healthyAfter, 1, "probe.healthy_after");
        maxBodyBytes = atLeastOne(maxBodyBytes, 2 * 1024 * 1024, "probe.max_body_bytes");
        gateway = gateway == null ? GatewayProbe.defaults() : gateway;
        providers = providers == null ? List.of() : List.copyOf(providers);
        Set<String> names = new HashSet<>();
        names.add(gateway.name());
        for (ProviderProbe p : providers) {
            if (!names.add(p.name())) throw new IllegalArgumentException("probe target name '" + p.name() + "' is used twice");
        }
    }

    public static ProbeSettings defaults() {
        return new ProbeSettings(null, null, null, null, null, null, null, null, null, null);
    }

    /** Every enabled target, resolved with defaults (the gateway first). */
    public List<ProbeTarget> targets() {
        List<ProbeTarget> out = new ArrayList<>();
        if (!enabled) return out;
        if (gateway.enabled()) {
            out.add(new ProbeTarget(gateway.name(), ProviderKind.GATEWAY, uri(gateway.baseUrl(), "probe.gateway.base_url"),
                    gateway.paths(), "openclaw-gateway", null,
                    new CredentialSource(gateway.tokenEnv(), gateway.tokenFile()), false, Map.of(),
                    gateway.interval(), gateway.timeout() == null ? timeout : gateway.timeout()));
        }
        for (ProviderProbe p : providers) {
            if (!p.enabled()) continue;
            String base = p.baseUrl() == null ? p.kind().defaultBaseUrl() : p.baseUrl();
            Map<String, String> headers = p.anthropicVersion() == null ? Map.of() : Map.of("anthropic-version", p.anthropicVersion());
            out.add(new ProbeTarget(p.name(), p.kind(), uri(base, "probe.providers[" + p.name() + "].base_url"), p.paths(),
                    p.provider(), p.profile(), new CredentialSource(p.apiKeyEnv(), p.apiKeyFile()),
                    Boolean.TRUE.equals(p.keyInQuery()), headers,
                    p.interval() == null ? interval : p.interval(), p.timeout() == null ? timeout : p.timeout()));
        }
        return out;
    }

    /** The enabled model probes: each with the provider target whose endpoint and key it uses. */
    public List<ModelProbeTarget> modelProbes() {
        List<ModelProbeTarget> out = new ArrayList<>();
        if (!enabled) return out;
        List<ProbeTarget> all = targets();
        for (ProviderProbe p : providers) {
            if (!p.enabled() || !p.modelProbe().enabled()) continue;
            for (ProbeTarget t : all) {
                if (t.name().equals(p.name())) {
                    out.add(new ModelProbeTarget(t, p.modelProbe(), p.modelProbe().interval() == null ? t.interval() : p.modelProbe().interval(),
                            p.modelProbe().timeout() == null ? t.timeout() : p.modelProbe().timeout()));
                }
            }
        }
        return out;
    }

    private static URI uri(String text, String key) {
        try {
            URI u = URI.create(text.trim());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            if (u.getRawQuery() != null || u.getRawUserInfo() != null) {
                throw new IllegalArgumentException("must not carry a query or user info (put keys in api_key_env / api_key_file)");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' " + e.getMessage(), e);
        }
    }

    static Integer atLeastOne(Integer v, int dflt, String key) {
        if (v == null) return dflt;
        if (v < 1) throw new IllegalArgumentException(key + " must be at least 1, got " + v);
        return v;
    }

    /**
     * The gateway's health endpoints ({@code probe.gateway}).
     *
     * @param enabled   probe the gateway here too (default false: in the daemon the restarter, {@code restart.health_url},
     *                  owns gateway health and {@code gateway_down}; enable this only for extra paths such as /readyz)
     * @param name      target name in results and labels (default "gateway")
     * @param baseUrl   default http://127.0.0.1:18789
     * @param paths     default [/healthz, /readyz]; /startupz is also served
     * @param interval  default 15s (the gateway matters more than any one provider)
     * @param timeout   default: probe.timeout
     * @param downAfter consecutive failing rounds that open gateway_down (default 2)
     * @param tokenEnv  optional env var with the gateway token (health endpoints answer without one; with it they add details)
     * @param tokenFile optional file with the gateway token
     */
    public record GatewayProbe(Boolean enabled, String name, String baseUrl, List<String> paths, Duration interval,
                               Duration timeout, Integer downAfter, String tokenEnv, Path tokenFile) {
        public GatewayProbe {
            enabled = enabled == null ? Boolean.FALSE : enabled;
            name = name == null || name.isBlank() ? "gateway" : name;
            baseUrl = baseUrl == null ? ProviderKind.GATEWAY.defaultBaseUrl() : baseUrl;
            paths = paths == null || paths.isEmpty() ? ProviderKind.GATEWAY.defaultPaths() : List.copyOf(paths);
            interval = positive(interval, Duration.ofSeconds(15), "probe.gateway.interval");
            timeout = timeout == null ? null : positive(timeout, timeout, "probe.gateway.timeout");
            downAfter = atLeastOne(downAfter, 2, "probe.gateway.down_after");
        }

        public static GatewayProbe defaults() {
            return new GatewayProbe(null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * One provider endpoint ({@code probe.providers[]}).
     *
     * @param name             unique target name (required)
     * @param kind             anthropic | openai (also LM Studio, vLLM, other OpenAI-compatible) | ollama | gemini (required)
     * @param enabled          default true
     * @param baseUrl          default per kind (api.anthropic.com, api.openai.com, 127.0.0.1:11434, generativelanguage.googleapis.com)
     * @param paths            default per kind (/v1/models, /api/tags, /v1beta/models)
     * @param provider         the gateway's provider id (as in its logs and openclaw.json); default: name
     * @param profile          the gateway's auth profile holding the same key, e.g. anthropic:default (optional)
     * @param apiKeyEnv        env var holding the key (optional)
     * @param apiKeyFile       file holding the key (optional; read at each round)
     * @param keyInQuery       gemini: send ?key= instead of the x-goog-api-key header (default false)
     * @param anthropicVersion anthropic-version header (default 2023-06-01)
     * @param interval         default: probe.interval
     * @param timeout          default: probe.timeout
     * @param modelProbe       the model probe of this provider (opt-in; see {@link ModelProbeSettings})
     */
    public record ProviderProbe(String name, ProviderKind kind, Boolean enabled, String baseUrl, List<String> paths,
                                String provider, String profile, String apiKeyEnv, Path apiKeyFile, Boolean keyInQuery,
                                String anthropicVersion, Duration interval, Duration timeout, ModelProbeSettings modelProbe) {

        public ProviderProbe(String name, ProviderKind kind, Boolean enabled, String baseUrl, List<String> paths,
                             String provider, String profile, String apiKeyEnv, Path apiKeyFile, Boolean keyInQuery,
                             String anthropicVersion, Duration interval, Duration timeout) {
            this(name, kind, enabled, baseUrl, paths, provider, profile, apiKeyEnv, apiKeyFile, keyInQuery, anthropicVersion,
                    interval, timeout, null);
        }

        public ProviderProbe {
            modelProbe = modelProbe == null ? ModelProbeSettings.defaults() : modelProbe;
            if (name == null || name.isBlank()) throw new IllegalArgumentException("probe.providers[]: name is required");
            if (kind == null) throw new IllegalArgumentException("probe.providers[" + name + "]: kind is required");
            if (kind == ProviderKind.GATEWAY) throw new IllegalArgumentException("probe.providers[" + name + "]: use probe.gateway for the gateway");
            enabled = enabled == null ? Boolean.TRUE : enabled;
            paths = paths == null || paths.isEmpty() ? null : List.copyOf(paths);
            interval = interval == null ? null : positive(interval, interval, "probe.providers[" + name + "].interval");
            timeout = timeout == null ? null : positive(timeout, timeout, "probe.providers[" + name + "].timeout");
        }
    }
}
