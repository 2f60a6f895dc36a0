package io.gatewarden.lint;

import io.gatewarden.gateway.AuthProfile;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.LegacyAuthProfiles;
import io.gatewarden.gateway.LocalUrls;
import io.gatewarden.gateway.ProviderConfig;
import io.gatewarden.gateway.CredentialRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Works out, for one agent and one provider, what OpenClaw would use: the {@code models.providers} entry,
 * auth profiles (config metadata and legacy files; {@code auth.order} narrows them), the entry's {@code apiKey},
 * keys in {@code env.vars}, and keys the operator says the gateway's environment holds.
 */
final class ProviderAccessResolver {
    private final GatewayConfig config;
    private final LintSettings settings;

    ProviderAccessResolver(GatewayConfig config, LintSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    ProviderAccess resolve(String provider, String agentId) {
        String p = provider.toLowerCase(Locale.ROOT);
        ProviderConfig entry = entry(p);

        // auth profiles by id: config metadata first, legacy files add fingerprints
        Map<String, AuthProfile> profiles = new LinkedHashMap<>();
        config.authProfiles().values().stream().filter(a -> sameProvider(a.provider(), p)).forEach(a -> profiles.put(a.id(), a));
        List<String> legacyOrder = null;
        for (LegacyAuthProfiles l : config.legacyAuthFor(agentId)) {
            for (AuthProfile a : l.profiles().values()) {
                if (!sameProvider(a.provider(), p)) continue;
                AuthProfile known = profiles.get(a.id());
                profiles.put(a.id(), known == null || a.hasCredential() ? a : known);
            }
            if (legacyOrder == null) legacyOrder = orderFor(l.order(), p);
        }
        List<String> order = orderFor(config.authOrder(), p);
        if (order == null) order = legacyOrder;

        List<ProviderAccess.Credential> creds = new ArrayList<>();
        if (order != null) {
            // auth.order narrows the profiles; an id only the gateway's store knows still counts
            for (String id : order) {
                AuthProfile a = profiles.get(id);
                if (a == null || a.authenticates()) creds.add(profileCredential(id, a));
            }
        } else {
            profiles.values().stream().filter(AuthProfile::authenticates)
                    .forEach(a -> creds.add(profileCredential(a.id(), a)));
        }
        if (entry != null && entry.hasApiKey()) {
            creds.add(new ProviderAccess.Credential(entry.path() + ".apiKey", entry.apiKey().identity()));
        }
        config.envVars().forEach((name, secret) -> {
            if (OpenClawProviders.isKeyVariable(p, name)) creds.add(new ProviderAccess.Credential("env.vars." + name, secret.identity()));
        });
        if (settings.credentialsFromEnv().contains(p)) {
            String var = OpenClawProviders.envVarNames(p).get(0);
            creds.add(new ProviderAccess.Credential(var + " (gateway environment)", CredentialRef.fromEnv(var).identity()));
        }

        String written = config.writtenBaseUrl(p, agentId);
        String baseUrl = written != null ? written : OpenClawProviders.defaultBaseUrl(p);
        boolean keyless = baseUrl != null && LocalUrls.isLocal(baseUrl);
        boolean registered = entry != null || !profiles.isEmpty() || !creds.isEmpty();

        ProviderAccess.Status status;
        boolean known = OpenClawProviders.isBundled(p) || settings.extraKnownProviders().contains(p)
                || OpenClawProviders.needsOptIn(p);
        if (OpenClawProviders.needsOptIn(p) && !registered) {
            status = ProviderAccess.Status.NOT_REGISTERED;
        } else if (known) {
            status = ProviderAccess.Status.KNOWN;
        } else if (entry != null) {
            status = entry.hasBaseUrl() ? ProviderAccess.Status.CUSTOM : ProviderAccess.Status.MISSING_BASE_URL;
        } else {
            status = ProviderAccess.Status.UNKNOWN;
        }
        return new ProviderAccess(provider, status, entry, baseUrl, keyless, dedupe(creds));
    }

    /** Ids of every configured provider entry. */
    List<String> entryIds() {
        return List.copyOf(config.providers().keySet());
    }

    boolean replacesCatalog() {
        return config.replacesCatalog();
    }

    ProviderConfig entry(String provider) {
        return config.providerEntry(provider);
    }

    private static List<String> orderFor(Map<String, List<String>> order, String provider) {
        for (Map.Entry<String, List<String>> e : order.entrySet()) {
            if (e.getKey().equalsIgnoreCase(provider)) return e.getValue();
        }
        return null;
    }

    private static boolean sameProvider(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }

    private static ProviderAccess.Credential profileCredential(String id, AuthProfile a) {
        String identity = a != null && a.hasCredential() && a.credential().kind() == CredentialRef.Kind.INLINE
                ? a.credential().identity() : "profile:" + id;
        return new ProviderAccess.Credential(id, identity);
    }

    private static List<ProviderAccess.Credential> dedupe(List<ProviderAccess.Credential> in) {
        Map<String, ProviderAccess.Credential> byLabel = new LinkedHashMap<>();
        in.forEach(c -> byLabel.putIfAbsent(c.label(), c));
        return List.copyOf(byLabel.values());
    }
}
