package io.gatewarden.breaker;

import io.gatewarden.secret.Hashes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default attribution rule, from the gateway's config ({@code auth.order} and {@code auth.profiles}):
 * <ol>
 *   <li>A line that names its profile wins. OpenClaw logs {@code sha256:} plus the first 12 hex digits of the
 *       SHA-256 of the profile id; it is matched against the configured ids and replaced by the plain id
 *       ({@code anthropic:work}); an unknown hash stays as logged.</li>
 *   <li>A line without a profile (most request lines: fetch, attempt end, retry) is attributed the way OpenClaw
 *       picks a profile: the provider's profiles in order ({@code auth.order[provider]}, then the
 *       {@code auth.profiles} entries of that provider in file order), skipping any the gateway has put in cooldown
 *       or disabled ({@code auth_profile_failure_state_updated}) until that window ends; if all are unavailable,
 *       the one that becomes available first.</li>
 *   <li>A provider with no configured profile: {@code provider:default}.</li>
 * </ol>
 * Limit: a profile the gateway rotates to for reasons it does not log is not seen; its requests are attributed by
 * order. Memory is bounded by the configured profiles plus an LRU of 256 unknown ids.
 */
public final class ConfiguredProfiles implements ProfileResolver {
    private final Map<String, List<String>> byProvider;
    private final Map<String, String> byHash = new HashMap<>();
    private final Map<String, Instant> unavailableUntil = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > 256;
        }
    };

    /** @param profilesByProvider provider id → profile ids in the order the gateway tries them */
    public ConfiguredProfiles(Map<String, List<String>> profilesByProvider) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        profilesByProvider.forEach((p, ids) -> copy.put(p, List.copyOf(ids)));
        this.byProvider = copy;
        copy.values().forEach(ids -> ids.forEach(id -> byHash.put(hashOf(id), id)));
    }

    /** OpenClaw's logged form of a profile id: {@code sha256:} + the first 12 hex digits of SHA-256(id). */
    public static String hashOf(String profileId) {
        return "sha256:" + Hashes.sha256Hex(profileId, 6);
    }

    @Override
    public synchronized String resolve(String provider, String loggedProfile, Instant at) {
        if (loggedProfile != null && !loggedProfile.isBlank()) return plain(loggedProfile);
        List<String> ids = byProvider.getOrDefault(provider, List.of());
        if (ids.isEmpty()) return provider + ":default";
        String soonest = null;
        Instant soonestAt = null;
        for (String id : ids) {
            Instant until = unavailableUntil.get(id);
            if (until == null || !until.isAfter(at)) return id;
            if (soonestAt == null || until.isBefore(soonestAt)) {
                soonest = id;
                soonestAt = until;
            }
        }
        return soonest;
    }

    @Override
    public synchronized void onProfileUnavailable(String provider, String loggedProfile, Instant until) {
        if (loggedProfile == null || until == null) return;
        unavailableUntil.put(plain(loggedProfile), until);
    }

    private String plain(String logged) {
        if (logged.startsWith("sha256:")) {
            String id = byHash.get(logged);
            if (id != null) return id;
            for (Map.Entry<String, String> e : byHash.entrySet()) {
                // tolerate a longer or shorter logged digest than 12 hex digits
                String a = e.getKey();
                if (a.startsWith(logged) || logged.startsWith(a)) return e.getValue();
            }
        }
        return logged;
    }

    public Map<String, List<String>> profilesByProvider() {
        return byProvider;
    }

    public List<String> profilesOf(String provider) {
        return new ArrayList<>(byProvider.getOrDefault(provider, List.of()));
    }
}
