package io.gatewarden.gateway;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a legacy {@code auth-profiles.json}. Two shapes exist in the wild: the profile store
 * {@code {"version":1, "profiles": {"anthropic:default": {"type":"api_key","provider":"anthropic","key":"…"}}, "order": {…}}}
 * (hand-written files often say {@code apiKey}, and local entries may carry only a {@code baseUrl}), and the older
 * flat map {@code {"openrouter": {"apiKey": "…"}}}, which OpenClaw treats as {@code openrouter:default}.
 * Keys are fingerprinted on the spot.
 */
final class LegacyAuthProfilesReader {
    /** Fields that may hold the credential, in the order OpenClaw's store and hand-written files use them. */
    private static final List<String> CREDENTIAL_FIELDS = List.of("key", "apiKey", "token", "access", "keyRef", "tokenRef");
    private static final Set<String> STORE_KEYS = Set.of("version", "order", "lastGood", "usageStats", "profiles");

    LegacyAuthProfiles read(Path file, String agentId) throws ConfigError {
        Json5Reader.Parsed parsed = Json5Reader.read(file);
        if (!parsed.root().isObject()) {
            throw new ConfigError(file, 1, 1, "auth-profiles.json must be an object, found " + ConfigFields.describe(parsed.root()));
        }
        try {
            return extract(file, agentId, ConfigFields.root(parsed.root()));
        } catch (ConfigFields.Violation v) {
            int[] pos = v.key == null ? Json5Reader.locate(parsed, v.at) : Json5Reader.locateKey(parsed, v.at, v.key);
            throw new ConfigError(file, pos[0], pos[1], v.getMessage());
        }
    }

    private LegacyAuthProfiles extract(Path file, String agentId, ConfigFields root) {
        Map<String, AuthProfile> profiles = new LinkedHashMap<>();
        String source = file.toString();
        ConfigFields store = root.object("profiles");
        if (store != null) {
            for (String id : store.keys()) {
                ConfigFields p = store.object(id);
                if (p != null) profiles.put(id, profile(id, p, source));
            }
        } else {
            for (String key : root.keys()) {
                if (STORE_KEYS.contains(key)) continue;
                ConfigFields p = root.child(key);
                if (p == null || !p.isObject()) continue;
                String id = key.contains(":") ? key : key + ":default";
                profiles.put(id, profile(id, p, source));
            }
        }
        return new LegacyAuthProfiles(file, agentId, profiles, OpenClawConfigReader.order(root.object("order")));
    }

    private static AuthProfile profile(String id, ConfigFields p, String source) {
        String provider = p.string("provider");
        String mode = p.string("type");
        if (mode == null) mode = p.string("mode");
        CredentialRef credential = null;
        for (String f : CREDENTIAL_FIELDS) {
            credential = OpenClawConfigReader.secret(p, f);
            if (credential != null) break;
        }
        return new AuthProfile(id, provider == null || provider.isBlank() ? AuthProfile.providerOf(id) : provider,
                mode, credential, p.string("baseUrl"), source);
    }
}
