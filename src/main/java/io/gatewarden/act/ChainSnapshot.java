package io.gatewarden.act;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of {@code openclaw.json} the switcher needs, read fresh before every decision: the model chain, where the
 * primary lives in the file, the auth profiles per provider, and which providers have credentials.
 * (The full config reader lives elsewhere; this is deliberately small.)
 *
 * <p>Credentials, as far as the files tell: a provider has them when an {@code auth.profiles} entry or an
 * {@code auth.order} list names it (2026.9.6 keeps the secrets in its SQLite store), when the legacy
 * {@code auth-profiles.json} has a {@code provider:*} profile, when {@code models.providers.<id>.apiKey} is set, or
 * when its {@code baseUrl} is a loopback or private address (local models need no key). Environment variables are
 * not visible here; plug a better {@link CredentialCheck} in when one exists.
 *
 * @param primaryPath {@code agents.defaults.model.primary}, or {@code agents.defaults.model} when the model is the
 *                    string form; null when no primary is configured
 */
public record ChainSnapshot(String primary, List<String> fallbacks, String primaryPath, String fallbacksPath,
                            Map<String, List<String>> profilesByProvider, Set<String> providersWithCredentials) {

    public static final String MODEL = "agents.defaults.model";
    public static final String PRIMARY = MODEL + ".primary";
    public static final String FALLBACKS = MODEL + ".fallbacks";

    /** @param legacyAuthProfiles parsed {@code auth-profiles.json}, or null */
    public static ChainSnapshot of(JsonNode config, JsonNode legacyAuthProfiles) {
        JsonNode model = config.path("agents").path("defaults").path("model");
        String primary = null;
        String primaryPath = null;
        String fallbacksPath = null;
        List<String> fallbacks = new ArrayList<>();
        if (model.isTextual()) {
            primary = model.textValue();
            primaryPath = MODEL;
        } else if (model.isObject()) {
            if (model.path("primary").isTextual()) {
                primary = model.path("primary").textValue();
                primaryPath = PRIMARY;
            }
            if (model.path("fallbacks").isArray()) {
                fallbacksPath = FALLBACKS;
                for (JsonNode f : model.path("fallbacks")) if (f.isTextual()) fallbacks.add(f.textValue());
            }
        }

        Map<String, List<String>> profiles = new LinkedHashMap<>();
        Set<String> withCreds = new LinkedHashSet<>();
        JsonNode order = config.path("auth").path("order");
        for (Map.Entry<String, JsonNode> e : order.properties()) {
            for (JsonNode id : e.getValue()) {
                if (id.isTextual()) add(profiles, e.getKey(), id.textValue());
            }
            if (e.getValue().size() > 0) withCreds.add(e.getKey());
        }
        JsonNode authProfiles = config.path("auth").path("profiles");
        for (Map.Entry<String, JsonNode> e : authProfiles.properties()) {
            String provider = e.getValue().path("provider").isTextual() ? e.getValue().path("provider").textValue() : providerOf(e.getKey());
            add(profiles, provider, e.getKey());
            withCreds.add(provider);
        }
        if (legacyAuthProfiles != null) {
            for (Map.Entry<String, JsonNode> e : legacyAuthProfiles.path("profiles").properties()) {
                String provider = e.getValue().path("provider").isTextual() ? e.getValue().path("provider").textValue() : providerOf(e.getKey());
                add(profiles, provider, e.getKey());
                withCreds.add(provider);
            }
        }
        JsonNode providers = config.path("models").path("providers");
        for (Map.Entry<String, JsonNode> e : providers.properties()) {
            JsonNode key = e.getValue().path("apiKey");
            boolean hasKey = (key.isTextual() && !key.textValue().isBlank()) || key.isObject();
            JsonNode url = e.getValue().path("baseUrl");
            if (hasKey || (url.isTextual() && isLocal(url.textValue()))) withCreds.add(e.getKey());
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        profiles.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new ChainSnapshot(primary, List.copyOf(fallbacks), primaryPath, fallbacksPath,
                Collections.unmodifiableMap(frozen), Collections.unmodifiableSet(withCreds));
    }

    private static void add(Map<String, List<String>> m, String provider, String id) {
        List<String> ids = m.computeIfAbsent(provider, k -> new ArrayList<>());
        if (!ids.contains(id)) ids.add(id);
    }

    /** {@code anthropic} for {@code anthropic/claude-opus-4-5} or {@code anthropic:default}. */
    public static String providerOf(String refOrProfile) {
        int i = refOrProfile.indexOf('/');
        if (i < 0) i = refOrProfile.indexOf(':');
        return i < 0 ? refOrProfile : refOrProfile.substring(0, i);
    }

    /** The profiles a rung of this provider would use, in order; {@code provider:default} when none is configured. */
    public List<String> profilesFor(String provider) {
        List<String> ids = profilesByProvider.get(provider);
        return ids == null || ids.isEmpty() ? List.of(provider + ":default") : ids;
    }

    public boolean hasCredentials(String provider) {
        return providersWithCredentials.contains(provider);
    }

    /** Primary then fallbacks, without duplicates, in the gateway's order. */
    public List<String> rungs() {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        if (primary != null) all.add(primary);
        all.addAll(fallbacks);
        return List.copyOf(all);
    }

    static boolean isLocal(String baseUrl) {
        try {
            String host = URI.create(baseUrl.trim()).getHost();
            if (host == null) return false;
            if (host.equalsIgnoreCase("localhost") || host.endsWith(".localhost")) return true;
            String literal = host.replace("[", "").replace("]", "");
            boolean ipv4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean ipv6 = literal.contains(":") && literal.matches("[0-9a-fA-F:.]+");
            if (!ipv4 && !ipv6) return false; // a name: never resolved here (no lookups), assumed remote
            InetAddress a = InetAddress.getByName(literal); // a literal: parsed, not looked up
            return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress();
        } catch (Exception e) {
            return false;
        }
    }
}
