package io.gatewarden.load;

import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import io.gatewarden.gateway.RateLimitDomains;
import io.gatewarden.run.RunModel;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The daemon's one load component: {@link LoadWatch} on the run model's request stream, the {@link DailyDigest}, and
 * what they read from the gateway's files — credentials and heartbeats from openclaw.json, cron job names and
 * schedules from its state DB — re-read every {@link #REFRESH} (a job added later gets its name within minutes).
 */
public final class DaemonLoad {
    private static final System.Logger LOG = System.getLogger(DaemonLoad.class.getName());
    static final Duration REFRESH = Duration.ofMinutes(10);

    private final Path openclawJson;
    private final RateLimitDomains domains;
    private final Clock clock;
    private final Map<String, String> jobNames = new ConcurrentHashMap<>();
    private final LoadWatch watch;
    private final DailyDigest digest;
    private volatile GatewayConfig gateway;
    private volatile List<CronJob> jobs = List.of();
    private volatile List<Path> jobSources = List.of();
    private Instant lastRead = Instant.MIN;
    private String lastError;

    /**
     * @param openclawJson the gateway config (may be missing: calls are still counted, by provider)
     * @param send         delivers a digest (the alert receivers)
     */
    public DaemonLoad(LoadSettings settings, RunModel runs, Path openclawJson, RateLimitDomains domains, Path stateDir,
                      Clock clock, Consumer<LoadDigest> send) {
        this.openclawJson = openclawJson;
        this.domains = domains;
        this.clock = clock;
        refresh();
        LoadLedger.Credentials credentials = new LoadLedger.Credentials() {
            @Override public String of(io.gatewarden.run.RequestOutcome r) { return new ConfigCredentials(gateway).of(r); }
            @Override public boolean local(String provider) { return new ConfigCredentials(gateway).local(provider); }
        };
        this.watch = new LoadWatch(settings, runs, credentials, jobNames::get, clock);
        this.digest = new DailyDigest(watch, clock, stateDir == null ? null : stateDir.resolve("load-digest.txt"),
                this::collisions, send);
    }

    public LoadWatch watch() {
        return watch;
    }

    /** Re-reads the gateway's files when due, then sends the digest when due. */
    public void tick() {
        if (!clock.instant().isBefore(lastRead.plus(REFRESH))) refresh();
        digest.tick();
    }

    /** The schedule collisions of today, worded for the digest. */
    List<String> collisions() {
        if (gateway == null) return List.of();
        var zone = watch.zone();
        ScheduleReport r = new ScheduleProjection(gateway, domains, zone).project(jobs, jobSources,
                clock.instant().atZone(zone).toLocalDate());
        return r.collisions().stream().map(c -> String.join(" + ", c.sources()) + " at " + String.join(", ", c.firstMinutes())
                + (c.minutesPerDay() > c.firstMinutes().size() ? ", …" : "") + " on " + c.domain()
                + (c.suggestions().isEmpty() ? "" : " (" + String.join("; ", c.suggestions()) + ")")).toList();
    }

    private void refresh() {
        lastRead = clock.instant();
        if (openclawJson == null) return;
        try {
            gateway = new OpenClawConfigReader().read(openclawJson);
            CronJobStore.Jobs j = CronJobStore.near(openclawJson);
            jobs = j.jobs();
            jobSources = j.sources();
            for (CronJob c : jobs) if (c.id() != null && c.name() != null) jobNames.put(c.id(), c.name());
            lastError = null;
        } catch (Exception e) {
            String msg = e.getMessage();
            if (!java.util.Objects.equals(msg, lastError)) {
                LOG.log(System.Logger.Level.WARNING, "load: cannot read the gateway config or its cron jobs (" + msg
                        + "); calls are still counted, cron jobs show by id");
            }
            lastError = msg;
        }
    }
}
