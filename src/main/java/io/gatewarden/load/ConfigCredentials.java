package io.gatewarden.load;

import io.gatewarden.gateway.AuthProfile;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.LocalUrls;
import io.gatewarden.gateway.ProviderConfig;
import io.gatewarden.run.RequestOutcome;

import java.util.List;

/**
 * Names a provider's credential from the gateway config, the same way for logged calls and projected schedules (so
 * both land in one rate-limit domain): the provider's own key ({@code models.providers.<id>.apiKey}, as its
 * fingerprint or env var name), else its auth profile (the first of {@code auth.order}, else the only one), else
 * "{@code <provider> key}". Several profiles of one provider rotating are counted as one credential.
 */
public final class ConfigCredentials implements LoadLedger.Credentials {
    private final GatewayConfig config;

    public ConfigCredentials(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public String of(RequestOutcome r) {
        return forProvider(r.provider());
    }

    public String forProvider(String provider) {
        ProviderConfig p = config == null ? null : config.providerEntry(provider);
        if (p != null && p.apiKey() != null) return p.apiKey().identity();
        if (config != null) {
            List<String> order = config.authOrder().get(provider);
            if (order != null && !order.isEmpty()) return "profile " + order.get(0);
            List<AuthProfile> profiles = config.authProfiles().values().stream()
                    .filter(a -> provider != null && provider.equalsIgnoreCase(a.provider())).toList();
            if (profiles.size() == 1) return "profile " + profiles.get(0).id();
        }
        return provider + " key";
    }

    @Override
    public boolean local(String provider) {
        ProviderConfig p = config == null ? null : config.providerEntry(provider);
        return p != null && p.hasBaseUrl() && LocalUrls.isLocal(p.baseUrl());
    }
}
