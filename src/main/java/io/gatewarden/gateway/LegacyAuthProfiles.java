package io.gatewarden.gateway;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A legacy {@code auth-profiles.json} (older installs; 2026.x gateways only import it with
 * {@code openclaw doctor --fix}). Keys are kept as fingerprints only.
 *
 * @param agentId the agent whose store it is ({@code agents/<id>/agent/}), or null for the shared one
 * @param order   its {@code order} map, when it has one
 */
public record LegacyAuthProfiles(Path file, String agentId, Map<String, AuthProfile> profiles, Map<String, List<String>> order) {
    public LegacyAuthProfiles {
        profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        order = Map.copyOf(order);
    }

    public boolean sharedByAllAgents() {
        return agentId == null;
    }
}
