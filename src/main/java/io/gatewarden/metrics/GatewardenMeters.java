package io.gatewarden.metrics;

import io.gatewarden.act.JournalEntry;
import io.gatewarden.alert.AlertStats;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.daemon.DaemonReadings;
import io.gatewarden.daemon.DaemonSupervisor;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.parse.EventType;
import io.gatewarden.tail.TailStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * gatewarden's Prometheus metrics, on any Micrometer registry (the daemon's is Quarkus's, served at /q/metrics).
 *
 * <p>Nothing here runs per log line: counters are read at scrape time from the counters the pipeline, the tailer,
 * the state store and the alert stage keep anyway ({@link FunctionCounter}s and {@link Gauge}s over live state).
 * Only rare events are counted here: an incident opening, a journal line.
 *
 * <p>A config reload replaces the daemon and with it those counters; the totals of the retired daemon are carried,
 * so every {@code _total} keeps growing across reloads. Label sets that change at run time (breakers, followed
 * files, probe targets, receivers) are re-read by {@link #sync()} (every couple of seconds, and at each start) and
 * capped; their values are still read live.
 */
public final class GatewardenMeters implements DaemonSupervisor.Listener {
    static final int MAX_BREAKERS = 256;
    static final int MAX_FILES = 32;
    static final int MAX_TARGETS = 32;
    static final int MAX_RECEIVERS = 32;
    static final int MAX_ACTION_SERIES = 128;
    static final String[] DELIVERY_RESULTS = {"delivered", "retry", "permanent"};
    /** How long one scrape's snapshot of incidents or alert stats is reused by its sibling series. */
    private static final long MEMO_NANOS = 250_000_000L;

    private final MeterRegistry registry;
    private final String version;
    private volatile Source src = new Source(null, Base.ZERO);

    private final Map<IncidentType, Counter> opened = new EnumMap<>(IncidentType.class);
    private final Map<String, Counter> actions = new ConcurrentHashMap<>();
    /** Calls per agent and source kind; made with the first daemon's settings, kept across reloads. */
    private volatile LoadCallCounters loadCalls;
    private final Map<String, Gauge> pending = new HashMap<>();
    private final Set<String> deliveryReceivers = ConcurrentHashMap.newKeySet();
    /** Last probe latency per target (seconds), kept from the probe listener: the runner's own lock is held during rounds. */
    private final Map<String, Double> probeSeconds = new ConcurrentHashMap<>();
    private final MultiGauge breakerState;
    private final MultiGauge tailLagBytes;
    private final MultiGauge tailLagSeconds;
    private final MultiGauge probeLatency;
    private final MultiGauge info;
    private final MultiGauge paidCallsToday;

    private final Memo<Map<String, Integer>> openCounts = new Memo<>();
    private final Memo<AlertStats> alertStats = new Memo<>();
    private final Memo<TailStats> tailStats = new Memo<>();

    /** The daemon being measured and the totals of the ones before it. */
    private record Source(DaemonReadings daemon, Base base) {}

    /** Final counter values of retired daemons. Immutable: a scrape never sees half an update. */
    private record Base(long[] events, long lines, long malformed, long oversized, long saveFailures,
                        Map<String, long[]> deliveries) {
        static final Base ZERO = new Base(new long[EventType.values().length], 0, 0, 0, 0, Map.of());

        Base plus(DaemonReadings d) {
            long[] ev = events.clone();
            for (EventType t : EventType.values()) ev[t.ordinal()] += d.pipelineStats().events(t);
            Map<String, long[]> del = new HashMap<>();
            deliveries.forEach((k, v) -> del.put(k, v.clone()));
            for (AlertStats.ReceiverStats r : d.alertStats().receivers()) {
                long[] acc = del.computeIfAbsent(r.name(), k -> new long[3]);
                acc[0] += r.delivered();
                acc[1] += r.failedAttempts();
                acc[2] += r.permanentFailures();
            }
            return new Base(ev, lines + d.pipelineStats().lines(), malformed + d.pipelineStats().malformed(),
                    oversized + d.oversizedLines(), saveFailures + d.stateSaveFailures(), Map.copyOf(del));
        }
    }

    public GatewardenMeters(MeterRegistry registry, String version) {
        this.registry = registry;
        this.version = version == null || version.isBlank() ? "unknown" : version;

        for (EventType t : EventType.values()) {
            FunctionCounter.builder("gatewarden.events", this, m -> m.events(t))
                    .description("Parsed gateway log events by type").tag("type", t.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder("gatewarden.lines", this, m -> m.total(d -> d.pipelineStats().lines(), Base::lines))
                .description("Log lines read").register(registry);
        FunctionCounter.builder("gatewarden.lines.malformed", this, m -> m.total(d -> d.pipelineStats().malformed(), Base::malformed))
                .description("Log lines that did not parse").register(registry);
        FunctionCounter.builder("gatewarden.lines.oversized", this, m -> m.total(DaemonReadings::oversizedLines, Base::oversized))
                .description("Log lines dropped for being longer than tail.max_line_bytes").register(registry);
        for (io.gatewarden.probe.ModelProbeRunner.Outcome o : io.gatewarden.probe.ModelProbeRunner.Outcome.values()) {
            FunctionCounter.builder("gatewarden.model.probes", this, m -> m.total(d -> d.modelProbes(o), b -> 0L))
                    .description("Model probes sent (one real request, one output token) by outcome").tag("outcome", o.wireName())
                    .register(registry);
        }
        FunctionCounter.builder("gatewarden.model.probes.capped", this, m -> m.total(DaemonReadings::modelProbesCapped, b -> 0L))
                .description("Model probes not sent because the model's hourly cap (model_probe.max_per_hour) was reached").register(registry);
        FunctionCounter.builder("gatewarden.state.save.failures", this, m -> m.total(DaemonReadings::stateSaveFailures, Base::saveFailures))
                .description("Failed writes of the daemon state file").register(registry);

        for (IncidentType t : IncidentType.values()) {
            opened.put(t, Counter.builder("gatewarden.incidents.opened").description("Incidents opened, by type")
                    .tag("type", t.wireName()).register(registry));
            for (Severity s : Severity.values()) {
                String key = t.wireName() + "|" + s.wireName();
                Gauge.builder("gatewarden.incidents.open", this, m -> m.openCount(key))
                        .description("Open incidents by type and severity")
                        .tags("type", t.wireName(), "severity", s.wireName()).register(registry);
            }
        }
        Gauge.builder("gatewarden.dry.run", this, m -> m.withDaemon(d -> d.dryRun() ? 1 : 0))
                .description("1 while actions are only journalled (dry-run), else 0").register(registry);

        breakerState = MultiGauge.builder("gatewarden.breaker.state")
                .description("Breaker state per auth profile and model: 0 closed, 1 half_open, 2 open").register(registry);
        tailLagBytes = MultiGauge.builder("gatewarden.tail.lag.bytes")
                .description("Bytes of a followed log file not read yet").register(registry);
        tailLagSeconds = MultiGauge.builder("gatewarden.tail.lag.seconds")
                .description("Seconds since the last line was read from a file that has unread bytes (0 when caught up)").register(registry);
        probeLatency = MultiGauge.builder("gatewarden.probe.latency.seconds")
                .description("Latency of the last probe round of a target").register(registry);
        info = MultiGauge.builder("gatewarden.info").description("Always 1: the version and the watched gateway").register(registry);
        FunctionCounter.builder("gatewarden.spend.paid.calls", this,
                        m -> m.total(DaemonReadings::paidCallsTotal, b -> 0L))
                .description("Real provider requests to rungs the chain lint classes as paid").register(registry);
        Gauge.builder("gatewarden.spend.guard.active", this,
                        m -> m.withDaemon(d -> d.spendGuardActive() ? 1 : 0))
                .description("1 while the spend guard holds paid rungs behind local and free ones, else 0").register(registry);
        paidCallsToday = MultiGauge.builder("gatewarden.spend.paid.calls.today")
                .description("Paid calls today per credential (the profile hash the gateway logs), in act.spend_guard.budget.zone")
                .register(registry);
    }

    // ------------------------------------------------------------------ DaemonSupervisor.Listener

    @Override
    public void started(Daemon daemon) {
        DaemonReadings d = daemon.readings();
        synchronized (this) {
            src = new Source(d, src.base());
        }
        d.onIncident(new IncidentListener() {
            @Override
            public void opened(Incident incident) {
                Counter c = GatewardenMeters.this.opened.get(incident.type());
                if (c != null) c.increment();
            }
        });
        d.onJournal(this::journalled);
        if (loadCalls == null) loadCalls = new LoadCallCounters(registry, d.metricAgents());
        d.onLoadCall(loadCalls::count);
        probeSeconds.clear();
        d.onProbe(r -> {
            if (r.latency() != null && (probeSeconds.size() < MAX_TARGETS || probeSeconds.containsKey(r.target()))) {
                probeSeconds.put(r.target(), r.latency().toNanos() / 1e9);
            }
        });
        // a breaker that appears shows at the next scrape, not only at the next periodic sync
        d.onBreaker(t -> syncBreakers());
        registerReceivers(d);
        sync();
    }

    @Override
    public void retired(Daemon daemon) {
        DaemonReadings d = daemon.readings();
        synchronized (this) {
            Source s = src;
            if (s.daemon() != d) return;
            src = new Source(null, s.base().plus(d));
        }
        sync();
    }

    // ------------------------------------------------------------------ label sets that change at run time

    /**
     * Re-reads breakers, followed files, probe targets and the gateway's name; drops series that are gone.
     * Takes no lock of its own while it reads the daemon (a lock here, held while waiting for the tailer or the
     * breakers, could close a cycle with the detection lock); two syncs racing leave the later one's rows.
     */
    public void sync() {
        syncBreakers();
        DaemonReadings d = src.daemon();
        List<MultiGauge.Row<?>> lagBytes = new ArrayList<>();
        List<MultiGauge.Row<?>> lagSeconds = new ArrayList<>();
        List<MultiGauge.Row<?>> probes = new ArrayList<>();
        List<MultiGauge.Row<?>> infoRows = new ArrayList<>();
        if (d != null) {
            Set<String> files = new LinkedHashSet<>();
            for (TailStats.FileLag f : d.tailStats().files()) {
                if (files.size() >= MAX_FILES) break;
                String path = f.path().toString();
                if (!files.add(path)) continue;
                lagBytes.add(MultiGauge.Row.of(Tags.of("file", path), this, m -> m.lag(path, false)));
                lagSeconds.add(MultiGauge.Row.of(Tags.of("file", path), this, m -> m.lag(path, true)));
            }
            for (String target : new java.util.TreeSet<>(probeSeconds.keySet())) {
                probes.add(MultiGauge.Row.of(Tags.of("target", target), this, m -> m.probeLatency(target)));
            }
            infoRows.add(MultiGauge.Row.of(Tags.of("version", version, "gateway", d.gatewayName()), 1));
        }
        List<MultiGauge.Row<?>> paid = new ArrayList<>();
        if (d != null) {
            for (io.gatewarden.act.PaidCallBudget.Usage u : d.paidCallsToday()) {
                if (paid.size() >= MAX_BREAKERS) break;
                String credential = u.credential();
                paid.add(MultiGauge.Row.of(Tags.of("credential", credential), this, m -> m.paidToday(credential)));
            }
        }
        paidCallsToday.register(paid, true);
        tailLagBytes.register(lagBytes, true);
        tailLagSeconds.register(lagSeconds, true);
        probeLatency.register(probes, true);
        if (d != null) info.register(infoRows, true); // keep the last one while a reload swaps daemons
    }

    private double paidToday(String credential) {
        DaemonReadings d = src.daemon();
        if (d == null) return 0;
        for (io.gatewarden.act.PaidCallBudget.Usage u : d.paidCallsToday()) {
            if (u.credential().equals(credential)) return u.calls();
        }
        return 0;
    }

    /** Breakers only: also called on every breaker transition (rare), after the registry's lock is released. */
    void syncBreakers() {
        DaemonReadings d = src.daemon();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        if (d != null) {
            for (BreakerSnapshot b : d.breakers()) {
                if (rows.size() >= MAX_BREAKERS) break;
                BreakerKey key = b.key();
                rows.add(MultiGauge.Row.of(Tags.of("profile", b.profile(), "model", b.model()), this, m -> m.breakerValue(key)));
            }
        }
        breakerState.register(rows, true);
    }

    private synchronized void registerReceivers(DaemonReadings d) {
        Set<String> names = new LinkedHashSet<>();
        for (String receiver : d.receiverNames()) {
            if (names.size() >= MAX_RECEIVERS) break;
            names.add(receiver);
        }
        for (String name : names) {
            if (deliveryReceivers.add(name)) {
                for (int i = 0; i < DELIVERY_RESULTS.length; i++) {
                    int idx = i;
                    FunctionCounter.builder("gatewarden.alert.deliveries", this, m -> m.deliveries(name, idx))
                            .description("Alert delivery attempts by receiver and result: delivered, retry (a failed attempt "
                                    + "that is retried), permanent (a notification given up)")
                            .tags("receiver", name, "result", DELIVERY_RESULTS[i]).register(registry);
                }
            }
            pending.computeIfAbsent(name, n -> Gauge.builder("gatewarden.alert.outbox.pending", this, m -> m.pending(n))
                    .description("Notifications waiting in a receiver's outbox").tag("receiver", n).register(registry));
        }
        // a receiver removed by a reload: its pending gauge goes (its delivery totals stay, they are history)
        pending.entrySet().removeIf(e -> {
            if (names.contains(e.getKey())) return false;
            registry.remove(e.getValue());
            return true;
        });
    }

    private void journalled(JournalEntry e) {
        if (!"taken".equals(e.decision()) && !"declined".equals(e.decision())) return; // results follow a taken line
        String action = e.action() == null ? "unknown" : e.action();
        String key = action + "|" + e.decision();
        Counter c = actions.get(key);
        if (c == null) {
            if (actions.size() >= MAX_ACTION_SERIES) key = "other|" + e.decision();
            String a = key.substring(0, key.indexOf('|'));
            c = actions.computeIfAbsent(key, k -> Counter.builder("gatewarden.actions")
                    .description("Actions gatewarden took or declined (the journal's decisions), by action")
                    .tags("action", a, "outcome", e.decision()).register(registry));
        }
        c.increment();
    }

    // ------------------------------------------------------------------ value functions (scrape time)

    private double events(EventType t) {
        Source s = src;
        long v = s.base().events()[t.ordinal()];
        if (s.daemon() != null) v += s.daemon().pipelineStats().events(t);
        return v;
    }

    private double total(java.util.function.ToLongFunction<DaemonReadings> live, java.util.function.ToLongFunction<Base> base) {
        Source s = src;
        long v = base.applyAsLong(s.base());
        if (s.daemon() != null) v += live.applyAsLong(s.daemon());
        return v;
    }

    private double withDaemon(ToDoubleFunction<DaemonReadings> f) {
        DaemonReadings d = src.daemon();
        return d == null ? Double.NaN : f.applyAsDouble(d);
    }

    private double openCount(String typeAndSeverity) {
        DaemonReadings d = src.daemon();
        if (d == null) return Double.NaN;
        Map<String, Integer> counts = openCounts.get(d, () -> {
            Map<String, Integer> m = new HashMap<>();
            for (Incident i : d.openIncidents()) m.merge(i.type().wireName() + "|" + i.severity().wireName(), 1, Integer::sum);
            return m;
        });
        return counts.getOrDefault(typeAndSeverity, 0);
    }

    private double breakerValue(BreakerKey key) {
        DaemonReadings d = src.daemon();
        if (d == null) return Double.NaN;
        BreakerStatus s = d.breakerStatus(key);
        return switch (s) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private double lag(String path, boolean seconds) {
        DaemonReadings d = src.daemon();
        if (d == null) return Double.NaN;
        TailStats t = tailStats.get(d, d::tailStats);
        for (TailStats.FileLag f : t.files()) {
            if (!f.path().toString().equals(path)) continue;
            if (!seconds) return f.bytesBehind();
            return f.bytesBehind() == 0 ? 0 : f.sinceLastLine().toMillis() / 1000.0;
        }
        return Double.NaN;
    }

    private double probeLatency(String target) {
        return src.daemon() == null ? Double.NaN : probeSeconds.getOrDefault(target, Double.NaN);
    }

    private double deliveries(String receiver, int idx) {
        Source s = src;
        long[] base = s.base().deliveries().get(receiver);
        long v = base == null ? 0 : base[idx];
        DaemonReadings d = s.daemon();
        if (d != null) {
            AlertStats.ReceiverStats r = alertStats.get(d, d::alertStats).receiver(receiver);
            if (r != null) v += idx == 0 ? r.delivered() : idx == 1 ? r.failedAttempts() : r.permanentFailures();
        }
        return v;
    }

    private double pending(String receiver) {
        DaemonReadings d = src.daemon();
        if (d == null) return Double.NaN;
        AlertStats.ReceiverStats r = alertStats.get(d, d::alertStats).receiver(receiver);
        return r == null ? Double.NaN : r.pending();
    }

    /** The meters this class registered (tests, and to tell them apart from JVM metrics). */
    public List<Meter> meters() {
        return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("gatewarden.")).toList();
    }

    /** One value shared by the series of one scrape; recomputed when older than {@link #MEMO_NANOS} or for another daemon. */
    private static final class Memo<T> {
        private record Entry<T>(DaemonReadings daemon, long at, T value) {}

        private volatile Entry<T> entry;

        T get(DaemonReadings d, java.util.function.Supplier<T> compute) {
            Entry<T> e = entry;
            // a cache age, not business time: nanoTime is the right clock for it
            long now = System.nanoTime();
            if (e == null || e.daemon() != d || now - e.at() > MEMO_NANOS) {
                e = new Entry<>(d, now, compute.get());
                entry = e;
            }
            return e.value();
        }
    }
}
