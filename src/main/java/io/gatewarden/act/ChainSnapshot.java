package io.gatewarden.act;

import io.gatewarden.gateway.AuthProfile;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.LegacyAuthProfiles;
import io.gatewarden.gateway.LocalUrls;
import io.gatewarden.gateway.ModelSelection;
import io.gatewarden.gateway.OpenClawConfigReader;
import io.gatewarden.gateway.ProviderConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The switcher's view of the gateway's default chain, derived from the {@link GatewayConfig} that
 * {@link OpenClawConfigReader} reads (the same reading as {@code gatewarden check}: {@code $include}, the JSON5
 * extensions and legacy auth files are handled there, once). Read fresh before every decision.
 *
 * <p>Credentials, as far as the files tell: a provider has them when an {@code auth.order} list names it
 * (2026.9.6 keeps the secrets in its SQLite store), when an {@code auth.profiles} entry or a shared legacy
 * {@code auth-profiles.json} entry with a key is for it, when {@code models.providers.<id>.apiKey} is set, or when
 * its written endpoint is local ({@link LocalUrls}: local models need no key). Environment variables are not
 * visible here; plug a better {@link CredentialCheck} in when one exists.
 *
 * @param configFile          the openclaw.json that was read (the only file gatewarden edits)
 * @param model               {@code agents.defaults.model}, or null when it is not set
 * @param profilesByProvider  profile ids per provider in the order the gateway tries them ({@code auth.order}, then
 *                            {@code auth.profiles}, then shared legacy entries)
 * @param localProviders      providers whose written endpoint is local
 */
public record ChainSnapshot(Path configFile, ModelSelection model, Map<String, List<String>> profilesByProvider,
                            Set<String> providersWithCredentials, Set<String> localProviders) {

    public static final String MODEL = "agents.defaults.model";
    public static final String PRIMARY = MODEL + ".primary";
    public static final String FALLBACKS = MODEL + ".fallbacks";

    /**
     * Reads the chain the way {@code gatewarden check} does.
     *
     * @param authProfiles a legacy auth-profiles.json to use, or null to look for one next to the config
     * @throws ConfigError the same file:line:reason error {@code check} reports
     */
    public static ChainSnapshot read(Path openclawJson, Path authProfiles) throws ConfigError {
        return of(new OpenClawConfigReader().read(openclawJson, authProfiles));
    }

    public static ChainSnapshot of(GatewayConfig config) {
        Map<String, List<String>> profiles = new LinkedHashMap<>();
        Set<String> withCreds = new LinkedHashSet<>();
        config.authOrder().forEach((provider, ids) -> {
            ids.forEach(id -> add(profiles, provider, id));
            if (!ids.isEmpty()) withCreds.add(provider);
        });
        for (AuthProfile a : config.authProfiles().values()) {
            add(profiles, a.provider(), a.id());
            withCreds.add(a.provider());
        }
        for (LegacyAuthProfiles l : config.legacyAuthFor(null)) {
            for (AuthProfile a : l.profiles().values()) {
                add(profiles, a.provider(), a.id());
                if (a.authenticates()) withCreds.add(a.provider());
            }
        }
        ModelSelection model = config.defaultModel();
        Set<String> providers = new LinkedHashSet<>(profiles.keySet());
        providers.addAll(config.providers().keySet());
        if (model != null) {
            if (model.primary() != null) providers.add(providerOf(model.primary()));
            model.fallbacks().forEach(f -> providers.add(providerOf(f)));
        }
        Set<String> local = new LinkedHashSet<>();
        for (String p : providers) {
            String url = config.writtenBaseUrl(p, null);
            if (url != null && LocalUrls.isLocal(url)) local.add(p);
            ProviderConfig entry = config.providerEntry(p);
            if (local.contains(p) || (entry != null && entry.hasApiKey())) withCreds.add(p);
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        profiles.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new ChainSnapshot(config.configFile(), model, Collections.unmodifiableMap(frozen),
                Collections.unmodifiableSet(withCreds), Collections.unmodifiableSet(local));
    }

    private static void add(Map<String, List<String>> m, String provider, String id) {
        List<String> ids = m.computeIfAbsent(provider, k -> new ArrayList<>());
        if (!ids.contains(id)) ids.add(id);
    }

    public String primary() {
        return model == null ? null : model.primary();
    }

    public List<String> fallbacks() {
        return model == null ? List.of() : model.fallbacks();
    }

    /** {@code agents.defaults.model.primary}, or {@code agents.defaults.model} for the string form; null when no primary is written. */
    public String primaryPath() {
        return primary() == null ? null : model.primaryPath();
    }

    /** {@code agents.defaults.model.fallbacks} when it is written in openclaw.json itself (so it can be edited), else null. */
    public String fallbacksPath() {
        if (model == null || model.stringForm() || !model.fallbacksSet() || !isConfigFile(model.fallbacksFile())) return null;
        return model.fallbacksPath();
    }

    /**
     * Why gatewarden must not write the primary, or null when it may. It edits openclaw.json only: that is the file
     * the gateway watches for hot reload, and an edit to an included file might never be applied.
     */
    public String primaryNotEditable() {
        if (primary() == null || isConfigFile(model.primaryFile())) return null;
        return primaryPath() + " is written in " + model.primaryFile() + ", which " + configFile + " includes; gatewarden "
                + "edits only " + configFile + " (the file the gateway watches), so it will not change the primary: move "
                + primaryPath() + " into " + configFile.getFileName();
    }

    private boolean isConfigFile(Path p) {
        return p != null && p.toAbsolutePath().normalize().equals(configFile.toAbsolutePath().normalize());
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

    /** The provider's written endpoint is local (loopback, private network, unix socket: see {@link LocalUrls}). */
    public boolean isLocal(String provider) {
        return localProviders.contains(provider);
    }

    /** Primary then fallbacks, without duplicates, in the gateway's order. */
    public List<String> rungs() {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        if (primary() != null) all.add(primary());
        all.addAll(fallbacks());
        return List.copyOf(all);
    }
}
