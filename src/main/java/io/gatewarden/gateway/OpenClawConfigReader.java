package io.gatewarden.gateway;

import com.fasterxml.jackson.core.JsonPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads OpenClaw's {@code openclaw.json} (JSON5, with {@code $include}) and the legacy {@code auth-profiles.json}
 * files into a {@link GatewayConfig}. Only the parts the chain lint needs are typed; the rest of the file is
 * left alone (OpenClaw validates its own schema). A truncated file, invalid JSON5 or a field of the wrong type
 * gives a {@link ConfigError} naming the file, line and column.
 *
 * <p>Shapes follow OpenClaw 2026.9.6's docs and schema: {@code agents.defaults.model} is a string or
 * {@code {primary, fallbacks}} (no other key), per-agent models live in {@code agents.entries.<id>.model}
 * (older {@code agents.list[]} rosters are read when {@code entries} is absent), {@code auth.profiles} hold metadata
 * only, and legacy auth files sit next to the config or under {@code agents/<id>/agent/}.
 */
public final class OpenClawConfigReader {
    public static final String LEGACY_AUTH_FILE = "auth-profiles.json";
    /** At most this many agent folders are looked at for legacy auth files (the folder is input we do not control). */
    static final int MAX_AGENT_DIRS = 200;

    private final LegacyAuthProfilesReader legacyReader = new LegacyAuthProfilesReader();

    /** Reads the config and the legacy auth files found next to it (see {@link #legacyAuthCandidates}). */
    public GatewayConfig read(Path openclawJson) throws ConfigError {
        return read(openclawJson, null);
    }

    /**
     * Reads the config; with {@code authProfiles} set, that legacy file (shared by all agents) is read instead of
     * looking for one. A given file that is missing is an error; a looked-for file that is missing is not.
     */
    public GatewayConfig read(Path openclawJson, Path authProfiles) throws ConfigError {
        GatewayConfig config = readConfigOnly(openclawJson);
        List<LegacyAuthProfiles> legacy = new ArrayList<>();
        if (authProfiles != null) {
            legacy.add(legacyReader.read(authProfiles, null));
        } else {
            for (LegacyLocation loc : legacyAuthCandidates(openclawJson, config.agents())) {
                if (Files.isRegularFile(loc.file())) legacy.add(legacyReader.read(loc.file(), loc.agentId()));
            }
        }
        return config.withLegacyAuth(legacy);
    }

    /** Reads only openclaw.json (and its includes). */
    public GatewayConfig readConfigOnly(Path openclawJson) throws ConfigError {
        ConfigIncludes includes = new ConfigIncludes();
        var tree = includes.load(openclawJson);
        try {
            return extract(openclawJson, includes, ConfigFields.root(tree));
        } catch (ConfigFields.Violation v) {
            throw includes.errorAt(v.at, v.key, v.getMessage());
        }
    }

    public LegacyAuthProfiles readLegacyAuthProfiles(Path file, String agentId) throws ConfigError {
        return legacyReader.read(file, agentId);
    }

    /** A place where a legacy auth file may sit, and whose store it is (null agent = shared by all agents). */
    public record LegacyLocation(Path file, String agentId) {}

    /**
     * Where older installs keep {@code auth-profiles.json}: next to the config, in {@code agents/<id>/agent/}
     * under the state folder (the config's folder), and in an agent's configured {@code agentDir}. The
     * {@code main} agent's store and the one next to the config are shared by every agent. Paths are returned
     * whether or not they exist, so a watcher notices a file that appears later.
     */
    public static List<LegacyLocation> legacyAuthCandidates(Path openclawJson, List<AgentEntry> agents) {
        // keep paths as relative as the config's own, so messages show what the user typed
        Path dir = openclawJson.getParent() != null ? openclawJson.getParent() : Path.of("");
        Map<Path, LegacyLocation> out = new LinkedHashMap<>();
        add(out, dir.resolve(LEGACY_AUTH_FILE), null);
        add(out, dir.resolve("agents").resolve("main").resolve("agent").resolve(LEGACY_AUTH_FILE), null);
        Path agentsDir = dir.resolve("agents");
        if (Files.isDirectory(agentsDir)) {
            try (Stream<Path> s = Files.list(agentsDir)) {
                s.filter(Files::isDirectory).sorted().limit(MAX_AGENT_DIRS).forEach(d -> {
                    String id = d.getFileName().toString();
                    if (!id.equals("main")) add(out, d.resolve("agent").resolve(LEGACY_AUTH_FILE), id);
                });
            } catch (IOException ignored) {
                // an unreadable agents folder just means fewer places to look
            }
        }
        for (AgentEntry a : agents) {
            if (a.agentDir() == null || a.agentDir().isBlank()) continue;
            add(out, expandHome(a.agentDir(), dir).resolve(LEGACY_AUTH_FILE), "main".equals(a.id()) ? null : a.id());
        }
        return List.copyOf(out.values());
    }

    private static void add(Map<Path, LegacyLocation> out, Path p, String agentId) {
        out.putIfAbsent(p.normalize(), new LegacyLocation(p.normalize(), agentId));
    }

    /** {@code ~} is the gateway's HOME: the parent of {@code ~/.openclaw} when the config sits there. */
    private static Path expandHome(String p, Path configDir) {
        Path abs = configDir.toAbsolutePath();
        Path home = abs.getFileName() != null && abs.getFileName().toString().equals(".openclaw") && abs.getParent() != null
                ? abs.getParent() : Path.of(System.getProperty("user.home"));
        if (p.equals("~")) return home;
        if (p.startsWith("~/")) return home.resolve(p.substring(2));
        Path q = Path.of(p);
        return q.isAbsolute() ? q : configDir.resolve(q);
    }

    // ---------------------------------------------------------------- extraction

    private GatewayConfig extract(Path file, ConfigIncludes includes, ConfigFields root) {
        Function<JsonPointer, Path> holder = includes::fileHolding;
        ConfigFields agents = root.object("agents");
        ConfigFields defaults = agents == null ? null : agents.object("defaults");
        ModelSelection defaultModel = defaults == null ? null : modelSelection(defaults, "model", holder);
        Map<String, String> aliases = defaults == null ? Map.of() : aliases(defaults.object("models"));
        List<AgentEntry> entries = agents == null ? List.of() : agentEntries(agents, holder);

        ConfigFields auth = root.object("auth");
        Map<String, AuthProfile> profiles = new LinkedHashMap<>();
        Map<String, List<String>> order = new LinkedHashMap<>();
        if (auth != null) {
            ConfigFields ps = auth.object("profiles");
            if (ps != null) {
                for (String id : ps.keys()) {
                    ConfigFields p = ps.object(id);
                    if (p == null) continue;
                    String provider = p.string("provider");
                    String mode = p.string("mode");
                    profiles.put(id, new AuthProfile(id, provider == null ? AuthProfile.providerOf(id) : provider, mode,
                            null, null, AuthProfile.CONFIG_SOURCE));
                }
            }
            order.putAll(order(auth.object("order")));
        }

        ConfigFields models = root.object("models");
        String mode = models == null ? null : models.string("mode");
        if (mode != null && !mode.equals("merge") && !mode.equals("replace")) {
            throw models.child("mode").invalid("must be \"merge\" or \"replace\", found \"" + mode + "\"");
        }
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        ConfigFields ps = models == null ? null : models.object("providers");
        if (ps != null) {
            for (String id : ps.keys()) {
                ConfigFields p = ps.object(id);
                if (p != null) providers.put(id, provider(id, p));
            }
        }
        return new GatewayConfig(file, includes.files(), defaultModel, entries, aliases, profiles, order, mode, providers,
                envVars(root.object("env")), List.of(), heartbeats(agents));
    }

    /** {@code agents.defaults.heartbeat}, then {@code agents.entries.<id>.heartbeat} in file order. */
    private static List<HeartbeatSetting> heartbeats(ConfigFields agents) {
        List<HeartbeatSetting> out = new ArrayList<>();
        if (agents == null) return out;
        ConfigFields defaults = agents.object("defaults");
        HeartbeatSetting d = defaults == null ? null : heartbeat(HeartbeatSetting.DEFAULTS, defaults.object("heartbeat"));
        if (d != null) out.add(d);
        ConfigFields entries = agents.object("entries");
        if (entries != null) {
            for (String id : entries.keys()) {
                ConfigFields e = entries.object(id);
                HeartbeatSetting h = e == null ? null : heartbeat(id, e.object("heartbeat"));
                if (h != null) out.add(h);
            }
        }
        return out;
    }

    private static HeartbeatSetting heartbeat(String agent, ConfigFields h) {
        if (h == null) return null;
        ConfigFields model = h.child("model");
        return new HeartbeatSetting(agent, h.string("every"), h.string("session"),
                model != null && model.node().isTextual() ? model.node().textValue() : null, h.path());
    }

    /**
     * {@code model}: a {@code "provider/model"} string or {@code {primary, fallbacks}}; OpenClaw allows no other key.
     * {@code holder} names the file that writes a value (a value may come from an {@code $include}).
     */
    static ModelSelection modelSelection(ConfigFields parent, String key, Function<JsonPointer, Path> holder) {
        ConfigFields m = parent.child(key);
        if (m == null) return null;
        if (m.node().isTextual()) {
            String ref = m.node().textValue().strip();
            return ref.isEmpty() ? null : new ModelSelection(ref, List.of(), false, true, m.path(), holder.apply(m.pointer()), null);
        }
        if (!m.isObject()) throw m.wrongType("a \"provider/model\" string or an object {primary, fallbacks}");
        for (String k : m.keys()) {
            if (!k.equals("primary") && !k.equals("fallbacks")) throw m.unknownKey(k, "primary, fallbacks");
        }
        String primary = m.string("primary");
        List<String> fallbacks = m.stringList("fallbacks", "\"provider/model\" strings");
        List<String> cleaned = new ArrayList<>();
        if (fallbacks != null) fallbacks.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(cleaned::add);
        boolean hasPrimary = primary != null && !primary.isBlank();
        return new ModelSelection(hasPrimary ? primary.strip() : null, cleaned, fallbacks != null, false, m.path(),
                hasPrimary ? holder.apply(m.child("primary").pointer()) : null,
                fallbacks != null ? holder.apply(m.child("fallbacks").pointer()) : null);
    }

    private static Map<String, String> aliases(ConfigFields models) {
        Map<String, String> out = new LinkedHashMap<>();
        if (models == null) return out;
        for (String ref : models.keys()) {
            ConfigFields entry = models.object(ref);
            if (entry == null) continue;
            String alias = entry.string("alias");
            if (alias != null && !alias.isBlank()) out.putIfAbsent(alias.strip().toLowerCase(Locale.ROOT), ref);
        }
        return out;
    }

    /** {@code agents.entries} (keyed by agent id); the legacy {@code agents.list} roster only when entries is absent. */
    private static List<AgentEntry> agentEntries(ConfigFields agents, Function<JsonPointer, Path> holder) {
        List<AgentEntry> out = new ArrayList<>();
        ConfigFields entries = agents.object("entries");
        if (entries != null) {
            for (String id : entries.keys()) {
                ConfigFields e = entries.object(id);
                if (e == null) continue;
                out.add(new AgentEntry(id, modelSelection(e, "model", holder), e.string("agentDir"), e.path()));
            }
            return out;
        }
        List<ConfigFields> list = agents.list("list", "agent objects");
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigFields e : list) {
            if (!e.isObject()) throw e.wrongType("an agent object {id, ...}");
            String id = e.string("id");
            if (id == null || id.isBlank()) throw e.invalid("has no \"id\"");
            if (!seen.add(id)) throw e.invalid("repeats agent id \"" + id + "\"");
            out.add(new AgentEntry(id, modelSelection(e, "model", holder), e.string("agentDir"), e.path()));
        }
        return out;
    }

    static Map<String, List<String>> order(ConfigFields order) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (order == null) return out;
        for (String provider : order.keys()) {
            List<String> ids = order.stringList(provider, "auth profile ids");
            if (ids != null) out.put(provider, List.copyOf(ids));
        }
        return out;
    }

    private static ProviderConfig provider(String id, ConfigFields p) {
        List<ModelDefinition> defs = new ArrayList<>();
        for (ConfigFields m : p.list("models", "model objects {id, name, ...}")) {
            if (!m.isObject()) throw m.wrongType("a model object {id, name, ...}");
            String modelId = m.string("id");
            if (modelId == null || modelId.isBlank()) throw m.invalid("has no \"id\"");
            ConfigFields cost = m.object("cost");
            defs.add(new ModelDefinition(modelId, m.string("name"),
                    cost == null ? null : cost.number("input"), cost == null ? null : cost.number("output")));
        }
        return new ProviderConfig(id, p.string("baseUrl"), p.string("api"), secret(p, "apiKey"), p.string("auth"),
                defs, p.path());
    }

    /** A credential field: a string (inline key, {@code ${VAR}}, env marker) or a SecretRef object. */
    static CredentialRef secret(ConfigFields parent, String key) {
        ConfigFields c = parent.child(key);
        if (c == null) return null;
        if (c.node().isTextual()) return CredentialRef.fromString(c.node().textValue());
        if (c.isObject()) {
            String id = c.string("id");
            if (id == null || id.isBlank()) throw c.invalid("is a secret reference without an \"id\"");
            return CredentialRef.fromRef(c.string("source"), c.string("provider"), id);
        }
        throw c.wrongType("a string or a secret reference {source, provider, id}");
    }

    /** {@code env.vars}, plus plain string entries directly under {@code env} (older configs). */
    private static Map<String, CredentialRef> envVars(ConfigFields env) {
        Map<String, CredentialRef> out = new LinkedHashMap<>();
        if (env == null) return out;
        for (String k : env.keys()) {
            ConfigFields v = env.child(k);
            if (v != null && v.node().isTextual()) {
                CredentialRef s = CredentialRef.fromString(v.node().textValue());
                if (s != null) out.put(k, s);
            }
        }
        ConfigFields vars = env.object("vars");
        if (vars != null) {
            for (String k : vars.keys()) {
                String value = vars.string(k);
                CredentialRef s = CredentialRef.fromString(value);
                if (s != null) out.put(k, s);
            }
        }
        return out;
    }
}
