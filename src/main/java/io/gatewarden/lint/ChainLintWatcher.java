package io.gatewarden.lint;

import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.secret.Hashes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Run-time chain lint: polls the gateway's config files (openclaw.json, its includes, legacy auth files and the
 * places one may appear) by mtime, size and content hash; on a change it re-reads and re-lints, and reports each
 * finding as a {@code chain_misconfigured} incident (labels agent, code, rung, provider, model, file), resolving it
 * when the finding goes away. A config that cannot be read is an incident too ({@code code=config_invalid}); the
 * findings of the last good config stay open meanwhile, because the gateway keeps running on that config.
 *
 * <p>Open findings are re-reported every {@code resignal_interval} (same occurrence key, so the count does not
 * grow) so that an incident tracker that resolves quiet incidents keeps them open. Call {@link #pollOnce()} every
 * {@code poll_interval}; it never throws.
 */
public final class ChainLintWatcher {
    /** Open findings tracked at most (the config is input we do not control). */
    static final int MAX_OPEN = 500;

    private final Path configFile;
    private final Path authProfiles;
    private final LintSettings settings;
    private final IncidentSink sink;
    private final Clock clock;
    private final OpenClawConfigReader reader = new OpenClawConfigReader();
    private final ChainLinter linter;

    private Set<Path> watched = new LinkedHashSet<>();
    private Map<Path, FileStamp> stamps = Map.of();
    private boolean first = true;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private Map<String, String> invalidLabels;
    private Signal invalidSignal;
    private Instant lastSignalAt = Instant.MIN;
    private LintReport lastReport;
    private ConfigError lastError;
    private Supplier<Set<String>> ownPrimaries = Set::of;

    /** What one poll did. */
    public record PollResult(boolean changed, LintReport report, ConfigError error) {}

    /** Size, mtime and content hash of one watched file (all zero/absent when the file does not exist). */
    record FileStamp(boolean exists, long mtimeMillis, long size, String sha256) {}

    private record Open(Finding finding, Signal signal) {}

    /**
     * @param authProfiles a legacy auth-profiles.json to use, or null to look for one next to the config
     */
    public ChainLintWatcher(Path configFile, Path authProfiles, LintSettings settings, IncidentSink sink, Clock clock) {
        this(configFile, authProfiles, settings, null, sink, clock);
    }

    /** @param domains the one rate-limit-domain definition ({@code gateway.rate_limit_domains}); null: the defaults */
    public ChainLintWatcher(Path configFile, Path authProfiles, LintSettings settings,
                            io.gatewarden.gateway.RateLimitDomains domains, IncidentSink sink, Clock clock) {
        this.configFile = Objects.requireNonNull(configFile);
        this.authProfiles = authProfiles;
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
        this.linter = new ChainLinter(settings, domains);
        watched.add(configFile);
        if (authProfiles != null) watched.add(authProfiles);
    }

    /**
     * The models gatewarden itself made the default primary (an active failover, one being confirmed, a pin). A switch
     * changes only {@code agents.defaults.model.primary}, so its target usually still stands in the fallbacks; that
     * repeat is the failover's own doing and goes away at fail-back, so it is not reported as a finding.
     */
    public synchronized void setOwnPrimaries(Supplier<Set<String>> ownPrimaries) {
        this.ownPrimaries = Objects.requireNonNull(ownPrimaries);
    }

    public Duration pollInterval() {
        return settings.pollInterval();
    }

    /** Looks at the files once; re-lints and reports when they changed. Never throws. */
    public synchronized PollResult pollOnce() {
        Instant now = clock.instant();
        Map<Path, FileStamp> current = stamp(watched);
        boolean changed = first || !current.equals(stamps);
        first = false;
        stamps = current;
        if (!changed) {
            resignalIfDue(now);
            return new PollResult(false, lastReport, lastError);
        }
        try {
            GatewayConfig config = reader.read(configFile, authProfiles);
            LintReport report = linter.lint(config);
            rewatch(config);
            if (invalidLabels != null) {
                sink.resolve(IncidentType.CHAIN_MISCONFIGURED, invalidLabels, now, "the config reads again");
                invalidLabels = null;
                invalidSignal = null;
            }
            apply(report, now);
            lastReport = report;
            lastError = null;
            lastSignalAt = now;
            return new PollResult(true, report, null);
        } catch (ConfigError e) {
            reportInvalid(e, now);
            return new PollResult(true, lastReport, e);
        } catch (RuntimeException e) {
            ConfigError err = new ConfigError(configFile, 0, 0, "lint failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            reportInvalid(err, now);
            return new PollResult(true, lastReport, err);
        }
    }

    /** Keys of the findings currently reported as open incidents. */
    public synchronized Set<String> openFindings() {
        return Set.copyOf(open.keySet());
    }

    public synchronized Set<Path> watchedFiles() {
        return Set.copyOf(watched);
    }

    private void apply(LintReport report, Instant now) {
        Map<String, Finding> current = new LinkedHashMap<>();
        Set<String> own = ownPrimaries.get();
        for (Finding f : report.findings()) {
            if (isOwnFailover(f, own)) continue;
            if (f.severity().atLeast(settings.incidentMinSeverity()) && current.size() < MAX_OPEN) current.put(f.key(), f);
        }
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!current.containsKey(e.getKey())) {
                sink.resolve(IncidentType.CHAIN_MISCONFIGURED, e.getValue().signal().labels(), now,
                        "the chain lint no longer finds it");
                it.remove();
            }
        }
        for (Finding f : current.values()) {
            Signal s = signal(f, now);
            Open before = open.get(f.key());
            // a finding whose wording or severity changed is re-signalled; an unchanged one only when due
            if (before == null || !before.signal().summary().equals(s.summary()) || before.signal().severity() != s.severity()) {
                sink.signal(s);
            }
            open.put(f.key(), new Open(f, s));
        }
    }

    private static boolean isOwnFailover(Finding f, Set<String> own) {
        if (f.code() != FindingCode.PRIMARY_REPEATED || own.isEmpty() || f.rung() == null) return false;
        Rung r = f.rung();
        return own.contains(r.ref()) && r.configPath() != null && r.configPath().startsWith("agents.defaults.");
    }

    private void resignalIfDue(Instant now) {
        Duration every = settings.resignalInterval();
        if (every.isZero() || Duration.between(lastSignalAt, now).compareTo(every) < 0) return;
        lastSignalAt = now;
        for (Open o : open.values()) sink.signal(withTime(o.signal(), now));
        if (invalidSignal != null) sink.signal(withTime(invalidSignal, now));
    }

    private void reportInvalid(ConfigError e, Instant now) {
        lastError = e;
        invalidLabels = Labels.of("file", configFile.toString(), "code", FindingCode.CONFIG_INVALID.wireName());
        invalidSignal = new Signal(IncidentType.CHAIN_MISCONFIGURED, Severity.CRITICAL, invalidLabels,
                "config_invalid|" + e.getMessage(), "cannot read the gateway config: " + e.getMessage(),
                "the gateway skips an invalid config and keeps the last good one; findings of that config stay open", now);
        sink.signal(invalidSignal);
        lastSignalAt = now;
    }

    private Signal signal(Finding f, Instant now) {
        Rung r = f.rung();
        Map<String, String> labels = new LinkedHashMap<>(f.labels());
        labels.put("file", configFile.toString());
        String where = r == null ? "" : " rung " + f.positions() + (f.rungs().size() == 1 ? " " + r.ref() : "");
        String summary = "chain " + f.agent() + where + ": " + f.message();
        String evidence = "fix: " + f.fix() + (r == null ? "" : " (at " + r.configPath() + ")");
        return new Signal(IncidentType.CHAIN_MISCONFIGURED, f.severity().incidentSeverity(), labels, f.key(), summary, evidence, now);
    }

    private static Signal withTime(Signal s, Instant at) {
        return new Signal(s.type(), s.severity(), s.labels(), s.occurrenceKey(), s.summary(), s.evidence(), at);
    }

    /** Watch what the config is made of, plus the places a legacy auth file may appear. */
    private void rewatch(GatewayConfig config) {
        Set<Path> next = new LinkedHashSet<>();
        next.add(configFile);
        next.addAll(config.watchedFiles());
        if (authProfiles != null) {
            next.add(authProfiles);
        } else {
            OpenClawConfigReader.legacyAuthCandidates(configFile, config.agents()).forEach(l -> next.add(l.file()));
        }
        if (!next.equals(watched)) {
            watched = next;
            stamps = stamp(watched);
        }
    }

    static Map<Path, FileStamp> stamp(Set<Path> files) {
        Map<Path, FileStamp> out = new LinkedHashMap<>();
        for (Path p : files) out.put(p, stamp(p));
        return out;
    }

    static FileStamp stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) return new FileStamp(true, a.lastModifiedTime().toMillis(), a.size(), "");
            return new FileStamp(true, a.lastModifiedTime().toMillis(), a.size(), Hashes.sha256Hex(p));
        } catch (NoSuchFileException e) {
            return new FileStamp(false, 0, 0, "");
        } catch (IOException e) {
            // unreadable now: a distinct stamp, so the next readable state counts as a change
            return new FileStamp(true, -1, -1, "unreadable:" + e.getClass().getSimpleName());
        }
    }

}
