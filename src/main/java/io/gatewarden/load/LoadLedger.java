package io.gatewarden.load;

import io.gatewarden.gateway.RateLimitDomains;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.RequestOutcome;
import io.gatewarden.run.Run;
import io.gatewarden.run.RunModel;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Counts the run model's request stream by source ({@link LoadSource}): per hour, failures, and per minute on each
 * rate-limit domain with who was in it. Fed by {@code EventPipeline.addRequestListener} (each provider request
 * once, a skip never) and {@code addEventListener} (to learn the log's level). Not thread-safe: the pipeline's one
 * thread feeds it. Memory grows with sources × hours and domains × busy minutes, which a finished log bounds.
 */
public final class LoadLedger {
    /** tslog's logLevelId of DEBUG; 1 is TRACE, 0 SILLY. */
    private static final int DEBUG_LEVEL = 2;

    /** How a request's credential and endpoint are named (from the gateway config when there is one). */
    public interface Credentials {
        /** A fingerprint or profile id for the request's credential, never the key; the provider's id when unknown. */
        String of(RequestOutcome r);

        /** Is the provider's endpoint local (a local server is one rate-limit domain)? */
        boolean local(String provider);

        /** Without a gateway config: "<provider> key", endpoints taken as remote. */
        Credentials PROVIDER_ONLY = new ConfigCredentials(null);
    }

    static final class Tally {
        long calls;
        long failures;
        final Map<Long, long[]> byHour = new HashMap<>();
    }

    static final class Minute {
        int calls;
        final Map<String, Integer> who = new HashMap<>(4);
    }

    private final RunModel runs;
    private final RateLimitDomains domains;
    private final Credentials credentials;
    private final Function<String, String> jobName;
    final Map<LoadSource, Tally> tallies = new HashMap<>();
    final Map<String, Map<Long, Minute>> minutes = new HashMap<>();
    long debugLines;
    long lines;
    Instant first;
    Instant last;

    /**
     * @param runs    the pipeline's run model: a request's session key and trigger come from its run
     * @param jobName cron job id → its name (from the gateway's state DB); returns null when unknown
     */
    public LoadLedger(RunModel runs, RateLimitDomains domains, Credentials credentials, Function<String, String> jobName) {
        this.runs = runs;
        this.domains = domains;
        this.credentials = credentials;
        this.jobName = jobName;
    }

    public void onEvent(GatewayEvent e) {
        lines++;
        if (e.level() > 0 && e.level() <= DEBUG_LEVEL) debugLines++;
        Instant t = e.time();
        if (t != null) {
            if (first == null || t.isBefore(first)) first = t;
            if (last == null || t.isAfter(last)) last = t;
        }
    }

    public void onRequest(RequestOutcome r) {
        if (r.at() == null || r.provider() == null || r.model() == null) return;
        LoadSource source = sourceOf(r);
        Tally t = tallies.computeIfAbsent(source, k -> new Tally());
        t.calls++;
        if (r.failure()) t.failures++;
        long epochSecond = r.at().getEpochSecond();
        t.byHour.computeIfAbsent(Math.floorDiv(epochSecond, 3600), k -> new long[1])[0]++;
        String domain = domains.domainOf(source.credential(), r.modelRef(), credentials.local(r.provider()));
        Minute m = minutes.computeIfAbsent(domain, k -> new HashMap<>()).computeIfAbsent(Math.floorDiv(epochSecond, 60), k -> new Minute());
        m.calls++;
        m.who.merge(source.who(), 1, Integer::sum);
    }

    /** The request's source: its run's session key and trigger, the job's name, the credential. */
    public LoadSource sourceOf(RequestOutcome r) {
        return sourceOf(r, runs, credentials, jobName);
    }

    /** One rule for logs and the daemon alike: who made a request, from its run (key, trigger) and the config. */
    public static LoadSource sourceOf(RequestOutcome r, RunModel runs, Credentials credentials, Function<String, String> jobName) {
        Run run = r.runId() == null ? null : runs.run(r.runId());
        String key = run == null ? null : run.sessionKey();
        SessionKinds.Classified c = SessionKinds.classify(key, run == null ? null : run.trigger());
        String name = c.detail();
        if (c.kind() == SourceKind.CRON) {
            String n = jobName.apply(name);
            if (n != null) name = n;
        }
        String agent = r.agent() != null ? r.agent() : run != null && run.agent() != null ? run.agent() : "?";
        return new LoadSource(agent, c.kind(), name, r.provider(), r.model(), credentials.of(r));
    }

    /** True when the log holds DEBUG lines: every successful request is logged, counts are complete. */
    public boolean debugLevel() {
        return debugLines > 0;
    }
}
