package io.gatewarden.gateway;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one definition of a rate-limit domain: which rungs one 429 takes down together. Read by the chain lint's
 * wording, the primary switcher's choice of target and the status page, so they never disagree.
 *
 * <ul>
 *   <li>{@link Scope#PER_KEY}: every model on one credential shares one limit — a rate limit on one takes them all.</li>
 *   <li>{@link Scope#PER_MODEL}: each (credential, model) has its own limit — a same-key sibling model still answers.
 *       Failures of the whole credential (auth, billing, quota) still take every model on it.</li>
 * </ul>
 *
 * <p>Defaults follow what the providers document: Anthropic limits per organization and per model class, OpenAI per
 * organization/project and per model, Google's Gemini API per project and per model — all {@code per_model}. A local
 * server (its endpoint is local, see {@link LocalUrls}) is one machine whose capacity every model on it shares:
 * {@code per_key}. Any other provider: {@code default} ({@code per_key}, the cautious reading: a sibling on the same
 * key is assumed to fall with it). Configured in {@code gateway.rate_limit_domains} (provider id → scope, plus
 * {@code default}).
 */
public final class RateLimitDomains {

    public enum Scope {
        PER_KEY, PER_MODEL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope parse(String s, String key) {
            String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            return switch (n) {
                case "per_key", "per_credential", "key" -> PER_KEY;
                case "per_model", "model" -> PER_MODEL;
                default -> throw new IllegalArgumentException(key + ": '" + s + "' is not a rate-limit domain (use per_key or per_model)");
            };
        }
    }

    /** Provider ids and what each documents (the built-in defaults). */
    public static final Map<String, Scope> DOCUMENTED = Map.of(
            "anthropic", Scope.PER_MODEL,
            "openai", Scope.PER_MODEL,
            "openai-codex", Scope.PER_MODEL,
            "google", Scope.PER_MODEL,
            "gemini", Scope.PER_MODEL,
            "google-gemini", Scope.PER_MODEL);

    private static final RateLimitDomains DEFAULTS = new RateLimitDomains(Map.of());

    private final Map<String, Scope> configured;
    private final Scope fallback;

    /** @param settings provider id → per_key | per_model, plus an optional {@code default} for unlisted providers */
    public RateLimitDomains(Map<String, String> settings) {
        Map<String, Scope> m = new LinkedHashMap<>();
        Scope dflt = Scope.PER_KEY;
        if (settings != null) {
            for (Map.Entry<String, String> e : settings.entrySet()) {
                Scope s = Scope.parse(e.getValue(), "gateway.rate_limit_domains." + e.getKey());
                if ("default".equals(e.getKey())) dflt = s;
                else m.put(e.getKey().toLowerCase(Locale.ROOT), s);
            }
        }
        this.configured = Map.copyOf(m);
        this.fallback = dflt;
    }

    public static RateLimitDomains defaults() {
        return DEFAULTS;
    }

    /** The scope of one provider: configured, else documented, else per_key for a local endpoint, else the default. */
    public Scope scopeOf(String provider, boolean local) {
        String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
        Scope s = configured.get(p);
        if (s != null) return s;
        if (local) return Scope.PER_KEY;
        s = DOCUMENTED.get(p);
        return s != null ? s : fallback;
    }

    /** Where the scope comes from, for humans: "configured", "documented by anthropic", "local server", "default". */
    public String sourceOf(String provider, boolean local) {
        String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
        if (configured.containsKey(p)) return "gateway.rate_limit_domains." + p;
        if (local) return "a local server: its models share one machine";
        if (DOCUMENTED.containsKey(p)) return p + " documents its limits per model";
        return "gateway.rate_limit_domains.default";
    }

    /** The domain's name: the credential for per_key, credential × model for per_model. */
    public String domainOf(String profile, String modelRef, boolean local) {
        String provider = modelRef == null || !modelRef.contains("/") ? modelRef : modelRef.substring(0, modelRef.indexOf('/'));
        return scopeOf(provider, local) == Scope.PER_KEY ? profile : profile + " × " + modelRef;
    }

    /**
     * Does a failure of {@code failingRef} on {@code profile} reach {@code otherRef} on the same profile? Always for
     * a credential-wide failure; for a rate limit or overload only when the provider limits per key.
     */
    public boolean sameDomain(String failingRef, String otherRef, boolean credentialWideFailure, boolean local) {
        if (failingRef != null && failingRef.equals(otherRef)) return true;
        if (credentialWideFailure) return true;
        String provider = otherRef == null || !otherRef.contains("/") ? otherRef : otherRef.substring(0, otherRef.indexOf('/'));
        return scopeOf(provider, local) == Scope.PER_KEY;
    }
}
