package io.gatewarden.lint;

import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.LegacyAuthProfiles;
import io.gatewarden.gateway.LocalUrls;
import io.gatewarden.gateway.ModelDefinition;
import io.gatewarden.gateway.ProviderConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Lints every fallback chain of a gateway config: rungs that cannot work (no credentials, provider not
 * registered or unknown, model unknown) are errors; chains that look redundant but are not (rungs sharing
 * one credential, the primary repeated, duplicates), lack a local rung, or put paid rungs before local/free ones
 * are warnings. Pure: no I/O, no clock.
 */
public final class ChainLinter {
    static final String CONFIG_AGENT = "config";

    private final LintSettings settings;
    private final List<Pattern> freeModelPatterns;
    private final List<Pattern> paidModelPatterns;
    private final io.gatewarden.gateway.RateLimitDomains domains;

    public ChainLinter() {
        this(LintSettings.defaults());
    }

    public ChainLinter(LintSettings settings) {
        this(settings, null);
    }

    /** @param domains the one rate-limit-domain definition ({@code gateway.rate_limit_domains}); null: the defaults */
    public ChainLinter(LintSettings settings, io.gatewarden.gateway.RateLimitDomains domains) {
        this.domains = domains == null ? io.gatewarden.gateway.RateLimitDomains.defaults() : domains;
        this.settings = settings;
        this.freeModelPatterns = settings.freeModels().stream().map(ChainLinter::glob).toList();
        this.paidModelPatterns = settings.paidModels().stream().map(ChainLinter::glob).toList();
    }

    public LintSettings settings() {
        return settings;
    }

    public LintReport lint(GatewayConfig config) {
        ChainResolver chains = new ChainResolver(config);
        ProviderAccessResolver access = new ProviderAccessResolver(config, settings);
        List<Finding> findings = new ArrayList<>();
        List<ChainView> views = new ArrayList<>();

        for (LegacyAuthProfiles l : config.legacyAuth()) {
            findings.add(new Finding(CONFIG_AGENT, LintSeverity.INFO, FindingCode.LEGACY_AUTH_PROFILES, List.of(),
                    "read legacy auth profiles from " + l.file() + ": OpenClaw 2026.x does not use their keys at runtime"
                            + " and blocks the providers named there until the file is imported",
                    "run `openclaw doctor --fix` to import it into the gateway's auth store"));
        }
        List<AgentChain> all = chains.chains();
        if (all.isEmpty()) {
            findings.add(new Finding(CONFIG_AGENT, LintSeverity.INFO, FindingCode.NO_MODEL_CONFIGURED, List.of(),
                    "no model is configured: agents.defaults.model is not set, so the gateway runs on its built-in default"
                            + " with no fallback",
                    "set agents.defaults.model to {primary: \"provider/model\", fallbacks: [...]}"));
        }
        List<String> order = new ArrayList<>();
        order.add(CONFIG_AGENT);
        for (AgentChain chain : all) {
            order.add(chain.agent());
            ChainCheck check = new ChainCheck(chain, access);
            findings.addAll(check.run());
            views.add(check.view());
        }
        findings.sort(Comparator.<Finding>comparingInt(f -> order.indexOf(f.agent()))
                .thenComparing(Finding::severity)
                .thenComparingInt(f -> f.rungs().isEmpty() ? Integer.MAX_VALUE : f.rungs().get(0).position())
                .thenComparing(Finding::code));
        List<java.nio.file.Path> legacyFiles = config.legacyAuth().stream().map(LegacyAuthProfiles::file).toList();
        return new LintReport(config.configFile(), legacyFiles, views, findings);
    }

    /** The lint of one chain. */
    private final class ChainCheck {
        private final AgentChain chain;
        private final ProviderAccessResolver access;
        /** rungs grouped by resolved ref, in order of first appearance */
        private final Map<String, List<Rung>> byRef = new LinkedHashMap<>();
        private final Map<String, ProviderAccess> accessByRef = new LinkedHashMap<>();
        private final Map<String, RungClass> classByRef = new LinkedHashMap<>();
        private final Set<String> broken = new TreeSet<>();
        private final List<Finding> out = new ArrayList<>();

        ChainCheck(AgentChain chain, ProviderAccessResolver access) {
            this.chain = chain;
            this.access = access;
            chain.rungs().forEach(r -> byRef.computeIfAbsent(r.ref(), k -> new ArrayList<>()).add(r));
        }

        List<Finding> run() {
            String authAgent = chain.agent().equals(ChainResolver.DEFAULTS) ? null : chain.agent();
            for (Map.Entry<String, List<Rung>> e : byRef.entrySet()) {
                Rung first = e.getValue().get(0);
                if (first.provider() == null) {
                    broken.add(e.getKey());
                    add(FindingCode.BARE_MODEL_REF, e.getValue(),
                            "\"" + first.written() + "\" has no provider prefix and is neither an alias nor a model that"
                                    + " exactly one configured provider lists; the gateway guesses its default provider",
                            "write it as \"provider/model\" at " + first.configPath());
                    continue;
                }
                ProviderAccess pa = access.resolve(first.provider(), authAgent);
                accessByRef.put(e.getKey(), pa);
                classByRef.put(e.getKey(), classify(first, pa));
                rungErrors(e.getValue(), pa);
            }
            if (chain.primaryMissing()) {
                add(FindingCode.NO_PRIMARY, List.of(),
                        chain.source() + " sets fallbacks but no primary: runs start on the gateway's built-in default model",
                        "set " + chain.source() + ".primary to the model runs should start on");
            }
            repeats();
            sharedCredentials();
            if (byRef.size() <= 1) {
                if (!chain.strictByChoice() && !chain.rungs().isEmpty()) {
                    Rung only = chain.rungs().get(0);
                    add(FindingCode.NO_FALLBACKS, List.of(),
                            "the chain has a single rung (" + only.ref() + "): when it fails, runs fail",
                            chain.agent().equals(ChainResolver.DEFAULTS)
                                    ? "add fallbacks: `openclaw models fallbacks add <provider/model>`"
                                    : "give " + chain.source() + " {primary, fallbacks: [...]} (or fallbacks: [] to make strict deliberate)");
                }
                return out;
            }
            localAndFree();
            orderPolicy();
            return out;
        }

        ChainView view() {
            List<RungView> rungs = new ArrayList<>();
            for (Rung r : chain.rungs()) {
                ProviderAccess pa = accessByRef.get(r.ref());
                rungs.add(new RungView(r, classByRef.get(r.ref()),
                        pa == null ? "unresolved" : pa.status().name().toLowerCase(Locale.ROOT),
                        pa == null ? List.of() : pa.credentials().stream().map(ProviderAccess.Credential::label).toList(),
                        pa != null && pa.keyless()));
            }
            return new ChainView(chain.agent(), chain.source(), rungs);
        }

        private void rungErrors(List<Rung> rungs, ProviderAccess pa) {
            Rung r = rungs.get(0);
            String p = r.provider();
            switch (pa.status()) {
                case UNKNOWN -> {
                    Set<String> candidates = new TreeSet<>(OpenClawProviders.BUNDLED);
                    access.entryIds().forEach(candidates::add);
                    String near = OpenClawProviders.closest(p, candidates);
                    error(rungs, FindingCode.UNKNOWN_PROVIDER,
                            "provider " + p + " is not configured: it is not bundled with OpenClaw and has no"
                                    + " models.providers." + p + " entry" + (near == null ? "" : " (did you mean " + near + "?)"),
                            "add models.providers." + p + " {baseUrl, api, models: [{id: \"" + r.model() + "\"}]} or fix the"
                                    + " provider id; if a plugin provides it, list it in lint.extra_known_providers");
                    return;
                }
                case MISSING_BASE_URL -> {
                    error(rungs, FindingCode.PROVIDER_NOT_REGISTERED,
                            "provider " + p + " is not registered: models.providers." + p + " has no baseUrl, which a"
                                    + " custom provider must declare",
                            "add baseUrl (e.g. \"https://api.example.com/v1\") to models.providers." + p);
                    return;
                }
                case NOT_REGISTERED -> {
                    String url = OpenClawProviders.defaultBaseUrl(p);
                    error(rungs, FindingCode.PROVIDER_NOT_REGISTERED,
                            "provider " + p + " is not registered: no auth profile and no models.providers." + p
                                    + " entry with a baseUrl, so the gateway does not route to it",
                            "add models.providers." + p + " {baseUrl: \"" + url + "\"" + ("ollama".equals(p) ? ", api: \"ollama\"" : "")
                                    + ", models: [{id: \"" + r.model() + "\", name: \"" + r.model() + "\"}]}, or give the gateway "
                                    + OpenClawProviders.envVarNames(p).get(0) + "=" + p + "-local");
                    return;
                }
                default -> { }
            }
            ProviderConfig entry = pa.entry();
            if (entry != null && modelListIsComplete(pa) && !listed(entry, r.model(), p)) {
                String known = entry.models().stream().limit(6).map(ModelDefinition::id).collect(Collectors.joining(", "));
                error(rungs, FindingCode.UNKNOWN_MODEL,
                        "model " + r.model() + " is not among the models of provider " + p + " (" + known
                                + (entry.models().size() > 6 ? ", …" : "") + "): the gateway answers \"Unknown model: "
                                + r.ref() + "\"",
                        "add {id: \"" + r.model() + "\", name: \"" + r.model() + "\"} to " + entry.path()
                                + ".models, or use a listed model");
            }
            if (!pa.keyless() && !pa.hasCredentials()) {
                String where = pa.baseUrl() == null ? "" : " and its endpoint " + LocalUrls.host(pa.baseUrl()) + " is not local";
                error(rungs, FindingCode.NO_CREDENTIALS,
                        "provider " + p + " has no credentials: no auth profile, no models.providers." + p
                                + ".apiKey, no key in env.vars" + where + "; the gateway fails it with \"No API key found"
                                + " for provider " + p + "\"",
                        pa.status() == ProviderAccess.Status.CUSTOM
                                ? "set models.providers." + p + ".apiKey (e.g. \"${" + OpenClawProviders.envVarNames(p).get(0)
                                        + "}\") or run `openclaw models auth paste-api-key --provider " + p + "`"
                                : "run `openclaw models auth paste-api-key --provider " + p + "`, or, if the gateway has "
                                        + OpenClawProviders.envVarNames(p).get(0) + " in its environment, list " + p
                                        + " in lint.credentials_from_env");
            }
        }

        /** Bundled providers merge their own catalog, so only custom lists, replace mode and manual Ollama lists are complete. */
        private boolean modelListIsComplete(ProviderAccess pa) {
            ProviderConfig entry = pa.entry();
            if (entry.models().isEmpty()) return false;
            String p = entry.id().toLowerCase(Locale.ROOT);
            return pa.status() == ProviderAccess.Status.CUSTOM || access.replacesCatalog() || p.equals("ollama");
        }

        private boolean listed(ProviderConfig entry, String model, String provider) {
            if (entry.model(model).isPresent()) return true;
            // Ollama shows "name:latest" and "name" as one model
            if (provider.equalsIgnoreCase("ollama")) {
                String bare = model.endsWith(":latest") ? model.substring(0, model.length() - 7) : model + ":latest";
                return entry.model(bare).isPresent();
            }
            return false;
        }

        private void error(List<Rung> rungs, FindingCode code, String message, String fix) {
            broken.add(rungs.get(0).ref());
            add(code, rungs, message, fix);
        }

        /** The primary listed again as a fallback, and fallbacks listed twice. */
        private void repeats() {
            if (chain.rungs().isEmpty()) return;
            Rung primary = chain.primaryMissing() ? null : chain.rungs().get(0);
            for (Map.Entry<String, List<Rung>> e : byRef.entrySet()) {
                List<Rung> rs = e.getValue();
                if (rs.size() < 2) continue;
                if (primary != null && e.getKey().equals(primary.ref())) {
                    String where = rs.stream().skip(1).map(r -> "fallback " + (r.position() - 1) + " (rung " + r.position() + ")")
                            .collect(Collectors.joining(", "));
                    add(FindingCode.PRIMARY_REPEATED, rs,
                            "the primary " + primary.ref() + " is repeated as " + where
                                    + ": retrying the model that just failed is not a fallback",
                            "remove it from the fallbacks: `openclaw models fallbacks remove " + primary.ref() + "`");
                } else {
                    add(FindingCode.DUPLICATE_RUNG, rs,
                            e.getKey() + " is listed " + rs.size() + " times (rungs " + positions(rs)
                                    + "); the gateway tries it once",
                            "remove the repeated entries from " + chain.source() + ".fallbacks");
                }
            }
        }

        /** Rungs of different models on one credential (or one set of credentials) fall together. */
        private void sharedCredentials() {
            Map<String, List<String>> refsByKey = new LinkedHashMap<>();
            for (Map.Entry<String, ProviderAccess> e : accessByRef.entrySet()) {
                ProviderAccess pa = e.getValue();
                if (broken.contains(e.getKey()) || !pa.usable() || !pa.hasCredentials()) continue;
                // a local runtime has no per-key rate limit; its dummy key is not an account
                if (pa.keyless() && settings.localProviders().contains(pa.provider().toLowerCase(Locale.ROOT))) continue;
                refsByKey.computeIfAbsent(pa.credentialKey(), k -> new ArrayList<>()).add(e.getKey());
            }
            for (List<String> refs : refsByKey.values()) {
                if (refs.size() < 2) continue;
                List<Rung> rungs = refs.stream().flatMap(r -> byRef.get(r).stream())
                        .sorted(Comparator.comparingInt(Rung::position)).toList();
                ProviderAccess pa = accessByRef.get(refs.get(0));
                boolean one = pa.credentials().size() == 1;
                String providers = refs.stream().map(r -> byRef.get(r).get(0).provider()).distinct().collect(Collectors.joining(", "));
                // the one rate-limit-domain definition the switcher and the status page use too
                boolean perKey = refs.stream().map(r -> byRef.get(r).get(0).provider()).anyMatch(p ->
                        domains.scopeOf(p, pa.keyless()) == io.gatewarden.gateway.RateLimitDomains.Scope.PER_KEY);
                String domainWhy = domains.sourceOf(pa.provider(), pa.keyless());
                String consequence = perKey
                        ? ": one rate limit takes them all (" + providers + " rate-limits per key: " + domainWhy + ") — this fallback is not redundancy"
                        : ": a rate limit on one leaves the other (" + providers + " rate-limits per model: " + domainWhy
                          + "), but a billing, auth or quota failure of the credential takes them all — this fallback covers rate limits only";
                add(FindingCode.SHARED_CREDENTIAL, rungs,
                        joinAnd(refs) + " share " + (one ? "one credential" : "the same credentials") + " ("
                                + pa.credentialLabels() + ")" + consequence,
                        "put a rung on another provider or account between them, or add a second " + providers
                                + " credential to auth.order." + refs.stream().map(r -> byRef.get(r).get(0).provider()).findFirst().orElse(""));
            }
        }

        private void localAndFree() {
            EnumSet<RungClass> present = EnumSet.noneOf(RungClass.class);
            classByRef.values().forEach(present::add);
            if (present.isEmpty() || present.contains(RungClass.LOCAL)) return;
            boolean free = present.contains(RungClass.FREE);
            if (!settings.requireLocalRung() && free) return;
            String freeNote = free ? "; the free rung" + (count(RungClass.FREE) > 1 ? "s are" : " is") + " hosted too" : " and no free one";
            add(FindingCode.NO_LOCAL_RUNG, List.of(),
                    "no local rung" + freeNote + ": when hosted providers fail (outage, quota, rate limit) nothing is left",
                    "add a local model as a fallback, e.g. models.providers.ollama + \"ollama/<model>\"");
        }

        private long count(RungClass c) {
            return classByRef.values().stream().filter(c::equals).count();
        }

        /** One warning for all rungs that come before a rung of a class the policy puts first. */
        private void orderPolicy() {
            List<RungClass> policy = settings.orderPolicy();
            if (policy.isEmpty()) return;
            List<Rung> firsts = new ArrayList<>();
            for (List<Rung> rs : byRef.values()) {
                Rung r = rs.get(0);
                if (!settings.orderIncludesPrimary() && r.position() == 1 && !chain.primaryMissing()) continue;
                if (classByRef.containsKey(r.ref()) && policy.contains(classByRef.get(r.ref()))) firsts.add(r);
            }
            List<Rung> early = new ArrayList<>();
            List<Rung> better = new ArrayList<>();
            for (int i = 0; i < firsts.size(); i++) {
                int rank = policy.indexOf(classByRef.get(firsts.get(i).ref()));
                for (int j = i + 1; j < firsts.size(); j++) {
                    if (policy.indexOf(classByRef.get(firsts.get(j).ref())) < rank) {
                        early.add(firsts.get(i));
                        break;
                    }
                }
            }
            if (early.isEmpty()) return;
            int worst = early.stream().mapToInt(r -> policy.indexOf(classByRef.get(r.ref()))).max().orElse(0);
            int firstEarly = early.get(0).position();
            for (Rung r : firsts) {
                if (r.position() > firstEarly && policy.indexOf(classByRef.get(r.ref())) < worst && !early.contains(r)) better.add(r);
            }
            add(FindingCode.ORDER_POLICY, early,
                    describe(early) + " come" + (early.size() == 1 ? "s" : "") + " before " + describe(better)
                            + " (order policy " + policy.stream().map(RungClass::wireName).collect(Collectors.joining(" → ")) + ")",
                    "reorder " + chain.source() + " so rungs go " + policy.stream().map(RungClass::wireName).collect(Collectors.joining(" → "))
                            + ", or change lint.order_policy / lint.order_includes_primary");
        }

        private String describe(List<Rung> rungs) {
            Map<RungClass, List<Rung>> byClass = new LinkedHashMap<>();
            rungs.forEach(r -> byClass.computeIfAbsent(classByRef.get(r.ref()), k -> new ArrayList<>()).add(r));
            return byClass.entrySet().stream().map(e -> e.getKey().wireName() + " rung" + (e.getValue().size() > 1 ? "s " : " ")
                    + positions(e.getValue())).collect(Collectors.joining(" and "));
        }

        private void add(FindingCode code, List<Rung> rungs, String message, String fix) {
            out.add(new Finding(chain.agent(), code.severity(), code, rungs, message, fix));
        }
    }

    /**
     * local, free or paid, by provider, endpoint, model name and model definition. An operator's paid_providers /
     * paid_models win over everything: a metered API behind a LAN proxy is paid although its URL is private.
     */
    RungClass classify(Rung r, ProviderAccess pa) {
        String p = r.provider().toLowerCase(Locale.ROOT);
        if (settings.paidProviders().contains(p)) return RungClass.PAID;
        for (Pattern pat : paidModelPatterns) {
            if (pat.matcher(r.ref()).matches() || pat.matcher(r.model()).matches()) return RungClass.PAID;
        }
        if (settings.localProviders().contains(p)) return RungClass.LOCAL;
        if (settings.privateUrlsAreLocal() && pa.keyless()) return RungClass.LOCAL;
        if (settings.freeProviders().contains(p)) return RungClass.FREE;
        for (Pattern pat : freeModelPatterns) {
            if (pat.matcher(r.ref()).matches() || pat.matcher(r.model()).matches()) return RungClass.FREE;
        }
        if (pa.entry() != null && pa.entry().model(r.model()).map(ModelDefinition::zeroCost).orElse(false)) return RungClass.FREE;
        return RungClass.PAID;
    }

    static String positions(List<Rung> rungs) {
        return rungs.stream().map(r -> String.valueOf(r.position())).collect(Collectors.joining(", "));
    }

    static String joinAnd(List<String> items) {
        if (items.size() == 1) return items.get(0);
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static Pattern glob(String g) {
        StringBuilder sb = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') sb.append(".*");
            else if (c == '?') sb.append('.');
            else sb.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE);
    }
}
