package io.gatewarden.api;

import io.gatewarden.act.SwitcherState;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import io.gatewarden.gateway.RateLimitDomains;
import io.gatewarden.lint.ChainLinter;
import io.gatewarden.lint.ChainView;
import io.gatewarden.lint.Finding;
import io.gatewarden.lint.LintReport;
import io.gatewarden.lint.LintSettings;
import io.gatewarden.lint.Rung;
import io.gatewarden.lint.RungView;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The fallback chain as the status page shows it: every rung of every chain in the gateway's config, in order, with
 * the breaker state of its model and the chain-lint findings about it. When gatewarden has switched the primary away,
 * the original primary (no longer in the file) is shown first, as the rung that was switched away from.
 *
 * <p>Plain Java, no I/O but reading the config: the lint result is cached while the config file's size and mtime
 * stay the same, so a page refreshing every few seconds does not re-lint an unchanged file. Thread-safe.
 */
public final class ChainStatus {
    private final Path configFile;
    private final Path authProfiles;
    private final OpenClawConfigReader reader = new OpenClawConfigReader();
    private final ChainLinter linter;

    /** Re-lint at least this often: legacy auth files found next to the config are not stamped. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Clock clock;
    private Stamp cachedStamp;
    private Instant cachedAt = Instant.MIN;
    private LintReport cachedReport;
    private String cachedError;

    private record Stamp(List<Object> config, List<Object> auth) {}

    /** @param authProfiles a legacy auth-profiles.json the gateway uses, or null to look next to the config */
    public ChainStatus(Path configFile, Path authProfiles, LintSettings settings, Clock clock) {
        this(configFile, authProfiles, settings, null, clock);
    }

    /** @param domains the one rate-limit-domain definition ({@code gateway.rate_limit_domains}); null: the defaults */
    public ChainStatus(Path configFile, Path authProfiles, LintSettings settings, RateLimitDomains domains, Clock clock) {
        this.configFile = configFile;
        this.clock = clock;
        this.authProfiles = authProfiles;
        this.domains = domains == null ? RateLimitDomains.defaults() : domains;
        this.linter = new ChainLinter(settings == null ? LintSettings.defaults() : settings, this.domains);
    }

    private final RateLimitDomains domains;

    /**
     * @param breakers every breaker, from the registry's snapshot
     * @param switcher what the primary switcher remembers (null when switching is off)
     */
    public Map<String, Object> view(List<BreakerSnapshot> breakers, SwitcherState switcher) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("configFile", String.valueOf(configFile));
        LintReport report;
        String error;
        synchronized (this) {
            refresh();
            report = cachedReport;
            error = cachedError;
        }
        out.put("error", error);
        String switchedFrom = switcher != null && switcher.switched() ? switcher.originalPrimary() : null;
        out.put("switchedFrom", switchedFrom);
        out.put("switchedTo", switcher != null ? switcher.switchedTo() : null);
        out.put("switchedAt", switcher != null ? switcher.switchedAt() : null);
        out.put("pinned", switcher != null ? switcher.pinned() : null);

        List<Map<String, Object>> chains = new ArrayList<>();
        List<Map<String, Object>> general = new ArrayList<>();
        if (report != null) {
            for (ChainView chain : report.chains()) {
                List<Map<String, Object>> rungs = new ArrayList<>();
                boolean isDefaults = "defaults".equals(chain.agent());
                boolean listed = chain.rungs().stream().anyMatch(r -> r.rung().ref().equals(switchedFrom));
                if (isDefaults && switchedFrom != null && !listed) {
                    rungs.add(switchedAway(switchedFrom, breakers));
                }
                for (RungView rv : chain.rungs()) rungs.add(rung(chain, rv, report.findings(), breakers));
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("agent", chain.agent());
                c.put("source", chain.source());
                c.put("rungs", rungs);
                chains.add(c);
            }
            for (Finding f : report.findings()) {
                if (f.rungs().isEmpty()) general.add(finding(f));
            }
        }
        out.put("chains", chains);
        out.put("findings", general);
        return out;
    }

    private Map<String, Object> rung(ChainView chain, RungView rv, List<Finding> findings, List<BreakerSnapshot> breakers) {
        Rung r = rv.rung();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", r.position());
        m.put("ref", r.ref());
        m.put("written", r.written());
        m.put("provider", r.provider());
        m.put("model", r.model());
        m.put("configPath", r.configPath());
        m.put("role", r.position() == 1 ? "primary" : "fallback");
        m.put("class", rv.rungClass() == null ? null : rv.rungClass().wireName());
        m.put("providerStatus", rv.provider());
        m.put("credentials", rv.credentials());
        m.put("keyless", rv.keyless());
        // the same rate-limit-domain definition the lint's wording and the switcher's target choice follow
        m.put("rateLimitDomain", domains.scopeOf(r.provider(), rv.keyless()).wireName());
        m.put("rateLimitDomainSource", domains.sourceOf(r.provider(), rv.keyless()));
        m.put("breaker", breaker(r.ref(), breakers));
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Finding f : findings) {
            if (Objects.equals(f.agent(), chain.agent()) && f.rungs().stream().anyMatch(x -> x.position() == r.position())) {
                fs.add(finding(f));
            }
        }
        m.put("findings", fs);
        return m;
    }

    private static Map<String, Object> switchedAway(String ref, List<BreakerSnapshot> breakers) {
        Map<String, Object> m = new LinkedHashMap<>();
        int slash = ref.indexOf('/');
        m.put("position", null);
        m.put("ref", ref);
        m.put("written", ref);
        m.put("provider", slash > 0 ? ref.substring(0, slash) : null);
        m.put("model", slash > 0 ? ref.substring(slash + 1) : ref);
        m.put("configPath", null);
        m.put("role", "switched_away");
        m.put("class", null);
        m.put("providerStatus", null);
        m.put("credentials", List.of());
        m.put("keyless", false);
        m.put("breaker", breaker(ref, breakers));
        m.put("findings", List.of());
        return m;
    }

    /** The model's breakers (one per auth profile) and the worst state among them: open, half_open, closed, or none. */
    static Map<String, Object> breaker(String ref, List<BreakerSnapshot> breakers) {
        List<Map<String, Object>> profiles = new ArrayList<>();
        BreakerStatus worst = null;
        for (BreakerSnapshot b : breakers) {
            if (!ref.equals(b.model())) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("profile", b.profile());
            p.put("state", b.status().wireName());
            p.put("since", b.since());
            p.put("openUntil", b.openUntil());
            p.put("why", b.why());
            p.put("lastReason", b.lastReason());
            p.put("scope", b.scope() == null ? null : b.scope().wireName());
            p.put("notBefore", b.notBefore());
            p.put("lastEvidence", b.lastEvidence());
            p.put("windowFailures", b.windowFailures());
            p.put("windowSuccesses", b.windowSuccesses());
            profiles.add(p);
            worst = worse(worst, b.status());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", worst == null ? "none" : worst.wireName());
        m.put("profiles", profiles);
        return m;
    }

    private static BreakerStatus worse(BreakerStatus a, BreakerStatus b) {
        if (a == null) return b;
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(BreakerStatus s) {
        return switch (s) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", f.agent());
        m.put("severity", f.severity().wireName());
        m.put("code", f.code().wireName());
        m.put("rungs", f.positions());
        m.put("message", f.message());
        m.put("fix", f.fix());
        return m;
    }

    private void refresh() {
        Stamp now = stamp();
        Instant at = clock.instant();
        if (now.equals(cachedStamp) && at.isBefore(cachedAt.plus(MAX_AGE)) && !at.isBefore(cachedAt)) return;
        cachedStamp = now;
        cachedAt = at;
        try {
            GatewayConfig config = reader.read(configFile, authProfiles);
            cachedReport = linter.lint(config);
            cachedError = null;
        } catch (ConfigError e) {
            // keep the last good chain: the gateway keeps running on it too
            cachedError = "cannot read the gateway config: " + e.getMessage();
        } catch (RuntimeException e) {
            cachedError = "cannot lint the gateway config: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private Stamp stamp() {
        return new Stamp(attrs(configFile), authProfiles == null ? List.of() : attrs(authProfiles));
    }

    /** Size, mtime (ns) and file key: an atomic rename gives a new file key even within one mtime tick. */
    private static List<Object> attrs(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return List.of(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), String.valueOf(a.fileKey()));
        } catch (IOException | RuntimeException e) {
            return List.of("unreadable");
        }
    }
}
