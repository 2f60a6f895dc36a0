package io.gatewarden.gateway;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What gatewarden needs from the gateway's config, typed: the model chains, auth profiles and providers.
 * Built by {@link OpenClawConfigReader}; holds no API key in clear.
 *
 * @param configFile    the openclaw.json that was read
 * @param sourceFiles   that file plus every {@code $include}d file, in read order (what a watcher must watch)
 * @param defaultModel  {@code agents.defaults.model}, or null when not set
 * @param agents        per-agent entries in file order
 * @param modelAliases  alias (lower case) to {@code provider/model}, from {@code agents.defaults.models.*.alias}
 * @param authProfiles  {@code auth.profiles} by profile id (metadata only)
 * @param authOrder     {@code auth.order} by provider id
 * @param modelsMode    {@code models.mode}: {@code merge} (default) or {@code replace}
 * @param providers     {@code models.providers} by provider id
 * @param envVars       {@code env.vars} (and plain string entries of {@code env}) by name, fingerprinted
 * @param legacyAuth    legacy auth-profiles.json files that were found or given
 * @param heartbeats    the {@code heartbeat} blocks: {@code agents.defaults} first, then per agent in file order
 */
public record GatewayConfig(Path configFile, List<Path> sourceFiles, ModelSelection defaultModel, List<AgentEntry> agents,
                            Map<String, String> modelAliases, Map<String, AuthProfile> authProfiles,
                            Map<String, List<String>> authOrder, String modelsMode, Map<String, ProviderConfig> providers,
                            Map<String, CredentialRef> envVars, List<LegacyAuthProfiles> legacyAuth,
                            List<HeartbeatSetting> heartbeats) {
    public GatewayConfig {
        heartbeats = heartbeats == null ? List.of() : List.copyOf(heartbeats);
        sourceFiles = List.copyOf(sourceFiles);
        agents = List.copyOf(agents);
        modelAliases = frozen(modelAliases);
        authProfiles = frozen(authProfiles);
        authOrder = frozen(authOrder);
        providers = frozen(providers);
        envVars = frozen(envVars);
        legacyAuth = List.copyOf(legacyAuth);
        modelsMode = modelsMode == null ? "merge" : modelsMode;
    }

    /** Without heartbeat blocks (readers and tests that build a config by hand). */
    public GatewayConfig(Path configFile, List<Path> sourceFiles, ModelSelection defaultModel, List<AgentEntry> agents,
                         Map<String, String> modelAliases, Map<String, AuthProfile> authProfiles,
                         Map<String, List<String>> authOrder, String modelsMode, Map<String, ProviderConfig> providers,
                         Map<String, CredentialRef> envVars, List<LegacyAuthProfiles> legacyAuth) {
        this(configFile, sourceFiles, defaultModel, agents, modelAliases, authProfiles, authOrder, modelsMode, providers,
                envVars, legacyAuth, List.of());
    }

    public Optional<ProviderConfig> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /** The {@code models.providers} entry for {@code provider}, matched exactly, else ignoring case (as OpenClaw does); null when none. */
    public ProviderConfig providerEntry(String provider) {
        ProviderConfig exact = providers.get(provider);
        if (exact != null) return exact;
        return providers.values().stream().filter(e -> e.id().equalsIgnoreCase(provider)).findFirst().orElse(null);
    }

    /** The legacy auth files an agent uses: its own first, then those shared by all agents ({@code agentId} null: shared only). */
    public List<LegacyAuthProfiles> legacyAuthFor(String agentId) {
        List<LegacyAuthProfiles> out = new java.util.ArrayList<>();
        for (LegacyAuthProfiles l : legacyAuth) {
            if (l.agentId() != null && l.agentId().equals(agentId)) out.add(l);
        }
        for (LegacyAuthProfiles l : legacyAuth) {
            if (l.sharedByAllAgents()) out.add(l);
        }
        return out;
    }

    /**
     * The endpoint the files write for {@code provider}: its {@code models.providers} entry's baseUrl, else the first
     * one a legacy auth profile of that provider carries; null when none is written (a hosted provider's default).
     */
    public String writtenBaseUrl(String provider, String agentId) {
        ProviderConfig entry = providerEntry(provider);
        if (entry != null && entry.hasBaseUrl()) return entry.baseUrl();
        for (LegacyAuthProfiles l : legacyAuthFor(agentId)) {
            for (AuthProfile a : l.profiles().values()) {
                if (a.provider() != null && a.provider().equalsIgnoreCase(provider) && a.baseUrl() != null && !a.baseUrl().isBlank()) {
                    return a.baseUrl();
                }
            }
        }
        return null;
    }

    public boolean replacesCatalog() {
        return "replace".equals(modelsMode);
    }

    /** The same config with other legacy auth files (the reader attaches them after reading openclaw.json). */
    public GatewayConfig withLegacyAuth(List<LegacyAuthProfiles> legacy) {
        return new GatewayConfig(configFile, sourceFiles, defaultModel, agents, modelAliases, authProfiles, authOrder,
                modelsMode, providers, envVars, legacy, heartbeats);
    }

    /** Every file whose change changes this config: sources plus legacy auth files. */
    public List<Path> watchedFiles() {
        List<Path> all = new java.util.ArrayList<>(sourceFiles);
        legacyAuth.forEach(l -> all.add(l.file()));
        return List.copyOf(all);
    }

    private static <K, V> Map<K, V> frozen(Map<K, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
