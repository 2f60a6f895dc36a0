package io.gatewarden.alert;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.secret.Redactor;
import io.gatewarden.secret.Secret;
import io.gatewarden.secret.SecretResolver;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The alert stage: takes incident lifecycle changes, and routes, groups, mutes, de-duplicates and rate-limits them
 * into notifications that a durable outbox delivers to Slack, webhooks, Alertmanager or the console.
 *
 * <p>Threads: the listener methods only put the incident in a small coalescing inbox and return (they run on the
 * detection thread). One dispatcher thread owns all routing state; each receiver has its own delivery thread;
 * the heartbeat has its own. Time comes from the injected {@link Clock}: a ticker calls {@link #tick()} every
 * {@code tick_interval}, or a test turns the ticker off and calls {@link #tick()} after moving its clock.
 *
 * <pre>{@code
 * AlertPipeline alerts = AlertPipeline.builder(settings, stateDir).clock(clock).context(ctx).build();
 * alerts.start();
 * incidentTracker.addListener(alerts);
 * ...
 * alerts.close();
 * }</pre>
 */
public final class AlertPipeline implements IncidentListener, AutoCloseable {
    /** Incidents waiting for the dispatcher, keyed by id (a newer snapshot replaces an older one). */
    static final int INBOX_CAP = 10_000;

    private final AlertSettings settings;
    private final Clock clock;
    private final boolean autoTick;
    private final AlertLog log;
    private final SilenceStore silences;
    private final Outbox outbox;
    private final Dispatcher dispatcher;
    private final MuteStage mute;
    private final RateLimitStage rateLimit;
    private final EnqueueStage enqueue;
    private final Map<String, Notifier> notifiers = new LinkedHashMap<>();
    private final Map<String, ReceiverWorker> workers = new LinkedHashMap<>();
    private final Heartbeat heartbeat;
    private final ExecutorService dispatchThread;
    private ScheduledExecutorService ticker;

    private final Object inboxLock = new Object();
    private LinkedHashMap<String, Incident> inbox = new LinkedHashMap<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicInteger dispatcherTasks = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private long inboxDropped;

    /** Builds a pipeline; nothing runs until {@link #start()} (incidents that arrive before are kept). */
    public static Builder builder(AlertSettings settings, Path stateDir) {
        return new Builder(settings, stateDir);
    }

    public static final class Builder {
        private final AlertSettings settings;
        private final Path stateDir;
        private Clock clock = Clock.systemUTC();
        private AlertContext context = AlertContext.NONE;
        private Function<String, String> env = System::getenv;
        private Random random = new Random();
        private PrintStream console = System.out;
        private boolean autoTick = true;

        private Builder(AlertSettings settings, Path stateDir) {
            this.settings = settings == null ? AlertSettings.defaults() : settings;
            this.stateDir = stateDir;
        }

        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /** Actions and chain shown in messages; default none. */
        public Builder context(AlertContext context) { this.context = context; return this; }

        /** Where {@code *_env} secrets are looked up; default {@link System#getenv}. */
        public Builder env(Function<String, String> env) { this.env = env; return this; }

        /** Jitter source of the retry backoff. */
        public Builder random(Random random) { this.random = random; return this; }

        /** Where console receivers print; default {@code System.out}. */
        public Builder console(PrintStream console) { this.console = console; return this; }

        /** False: no ticker thread; the caller drives timers with {@link AlertPipeline#tick()}. */
        public Builder autoTick(boolean autoTick) { this.autoTick = autoTick; return this; }

        /** @throws IllegalArgumentException on a configuration error (message names the key, never a secret value) */
        public AlertPipeline build() {
            try {
                return new AlertPipeline(this);
            } catch (IOException e) {
                throw new UncheckedIOException("alert state dir " + stateDir + ": " + e.getMessage(), e);
            }
        }
    }

    private AlertPipeline(Builder b) throws IOException {
        this.settings = b.settings;
        this.clock = b.clock;
        this.autoTick = b.autoTick;
        Redactor redactor = Redactor.none();
        this.log = new AlertLog("io.gatewarden.alert", redactor);
        SecretResolver secrets = new SecretResolver(b.env);

        Set<String> names = new HashSet<>();
        for (AlertSettings.Receiver r : settings.receivers()) {
            if (!names.add(r.name())) throw new IllegalArgumentException("receiver name '" + r.name() + "' is used twice");
        }
        Path alertDir = b.stateDir.resolve("alert");
        Path outboxDir = Path.of(settings.outboxDir()).isAbsolute() ? Path.of(settings.outboxDir()) : b.stateDir.resolve(settings.outboxDir());

        notifiers.putAll(new Notifiers(settings, secrets, redactor, alertDir, b.console, clock, log).buildAll());
        try {
            AlertSettings.Heartbeat hb = settings.heartbeat();
            Secret hbUrl = secrets.optional("heartbeat", "url", hb.url(), hb.urlEnv(), hb.urlFile());
            redactor.add(hbUrl);
            this.heartbeat = hbUrl == null ? null : new Heartbeat(hb, hbUrl, clock, log, this::pendingTotal);

            RouteTree routes = new RouteTree(settings.route(), names);
            this.silences = new SilenceStore(alertDir.resolve("silences.json"), clock, settings.limits().maxSilences(), settings.silences(), log);
            Inhibitor inhibitor = new Inhibitor(settings.inhibitRules());
            NotificationLog nflog = new NotificationLog(alertDir.resolve("nflog.json"), settings.limits().maxGroups() * 2, clock, log);
            this.outbox = new Outbox(outboxDir, names, log, settings.limits().maxFailedKept());
            Set<String> alertmanagers = new HashSet<>();
            settings.receivers().forEach(r -> { if (r instanceof AlertSettings.Alertmanager) alertmanagers.add(r.name()); });
            nflog.reconcile(outbox.takeResumed(), alertmanagers);
            this.mute = new MuteStage(silences, inhibitor);
            this.rateLimit = new RateLimitStage(settings.receivers(), clock.instant());
            this.enqueue = new EnqueueStage(outbox, settings.tickInterval(), this::wake, log);
            this.dispatcher = new Dispatcher(settings, routes, mute, NotifyChain.of(mute, rateLimit, enqueue), nflog, outbox,
                    new AlertViews(settings, b.context, log), clock, log);
            Backoff backoff = new Backoff(settings.retry(), b.random);
            for (Map.Entry<String, Notifier> e : notifiers.entrySet()) {
                workers.put(e.getKey(), new ReceiverWorker(e.getKey(), e.getValue(), outbox, backoff, settings.retry().giveUpAfter(), clock, log));
            }
        } catch (RuntimeException | IOException e) {
            notifiers.values().forEach(Notifier::close);
            throw e;
        }
        this.dispatchThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gatewarden-alert-dispatch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sends an informational message that is no incident (the daily load digest) to every receiver but Alertmanager,
     * through the same durable outbox and retries as alerts. {@code key} makes it idempotent (one digest per day).
     *
     * @return the receivers it was queued for
     */
    public List<String> sendInfo(String key, String alertname, String summary, List<String> details) {
        List<String> queued = new ArrayList<>();
        java.time.Instant now = clock.instant();
        for (AlertSettings.Receiver r : settings.receivers()) {
            if (r instanceof AlertSettings.Alertmanager || !notifiers.containsKey(r.name())) continue;
            AlertView view = new AlertView(key, AlertView.RESOLVED, alertname, "info", Map.of("alertname", alertname),
                    now, now, now, 1, summary, details, null, List.of());
            Notification n = new Notification(key + "-" + r.name(), outbox.nextSeq(), r.name(), Notification.Kind.DIGEST,
                    alertname + "/" + key, key, Map.of("alertname", alertname), Map.of("alertname", alertname),
                    List.of(view), 0, 0, Notification.Changes.NONE, List.of(), now, null);
            try {
                if (outbox.enqueue(n)) queued.add(r.name());
            } catch (java.io.IOException e) {
                log.error("outbox: cannot queue " + alertname + " for " + r.name() + ": " + log.describe(e));
            }
            wake(r.name());
        }
        return queued;
    }

    /** Starts the delivery threads (resuming the outbox), the heartbeat and, unless turned off, the ticker. */
    public void start() {
        if (!started.compareAndSet(false, true)) return;
        workers.values().forEach(ReceiverWorker::start);
        StringBuilder sb = new StringBuilder("alerting to");
        notifiers.forEach((name, n) -> sb.append(' ').append(name).append(" [").append(n.describe()).append(']'));
        log.info(sb.toString());
        if (autoTick) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gatewarden-alert-ticker");
                t.setDaemon(true);
                return t;
            });
            long ms = settings.tickInterval().toMillis();
            ticker.scheduleWithFixedDelay(this::tickAsync, 0, ms, TimeUnit.MILLISECONDS);
        }
        wakeAll();
    }

    // ------------------------------------------------------------------ IncidentListener (detection thread)

    @Override
    public void opened(Incident incident) {
        submit(incident);
    }

    @Override
    public void updated(Incident incident) {
        submit(incident);
    }

    @Override
    public void resolved(Incident incident) {
        submit(incident);
    }

    /**
     * After a restart: the incidents the caller restored from its own saved state. An incident listener hears only
     * changes, so without this an incident whose change was saved by the caller but had not reached the outbox when
     * the process died (kill -9) would never be announced. Open ones are taken as usual (the notification log keeps
     * what was already sent from going out again); resolved ones only when a notification still shows them firing,
     * so their resolved notice goes out once and nothing else is repeated. Call after {@link #start()}, before new
     * changes flow.
     */
    public void resume(Collection<Incident> open, Collection<Incident> resolved) {
        List<Incident> ended = List.copyOf(resolved);
        List<Incident> firing = List.copyOf(open);
        if (closed || (ended.isEmpty() && firing.isEmpty())) return;
        // one dispatcher pass, resolutions first: a group's next notification then carries both the resolution of
        // what it showed firing and what is open now (a flush of the open ones alone would overwrite the log's
        // record of what was shown, and the resolution would go unannounced)
        // and wait for it: the caller (the daemon's start) lets the tick resolve quiet incidents only afterwards, so a
        // restored incident that was never announced reaches the outbox before its resolution can be saved
        CountDownLatch done = new CountDownLatch(1);
        runOnDispatcher(() -> {
            try {
                for (Incident i : ended) {
                    try {
                        dispatcher.onRestoredResolved(i);
                    } catch (RuntimeException e) {
                        log.error("alert dispatcher failed on restored incident " + i.id() + ": " + log.describe(e));
                    }
                }
                for (Incident i : firing) {
                    try {
                        dispatcher.onIncident(i);
                    } catch (RuntimeException e) {
                        log.error("alert dispatcher failed on restored incident " + i.id() + ": " + log.describe(e));
                    }
                }
                runDue();
            } finally {
                done.countDown();
            }
        });
        try {
            if (!done.await(RESUME_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("alert resume did not finish within " + RESUME_WAIT.toSeconds() + " s; going on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long {@link #resume} waits for its dispatcher pass (outbox writes only; receivers are not waited for). */
    private static final Duration RESUME_WAIT = Duration.ofSeconds(10);

    /** Never blocks on I/O: a map put under a short lock, and at most one queued task for the dispatcher. */
    private void submit(Incident incident) {
        if (incident == null || closed) return;
        synchronized (inboxLock) {
            if (inbox.size() >= INBOX_CAP && !inbox.containsKey(incident.id())) {
                if (inboxDropped++ % 1000 == 0) log.warn("alert inbox full (" + INBOX_CAP + " incidents waiting); dropping " + incident.key());
                return;
            }
            inbox.put(incident.id(), incident);
        }
        if (drainScheduled.compareAndSet(false, true)) runOnDispatcher(this::drain);
    }

    private void drain() {
        drainScheduled.set(false);
        LinkedHashMap<String, Incident> batch;
        synchronized (inboxLock) {
            batch = inbox;
            inbox = new LinkedHashMap<>();
        }
        for (Incident i : batch.values()) {
            try {
                dispatcher.onIncident(i);
            } catch (RuntimeException e) {
                log.error("alert dispatcher failed on incident " + i.id() + ": " + log.describe(e));
            }
        }
        runDue();
    }

    private void runDue() {
        try {
            dispatcher.runDue();
        } catch (RuntimeException e) {
            log.error("alert dispatcher pass failed: " + log.describe(e));
        }
        if (heartbeat != null) heartbeat.maybeSend(clock.instant());
    }

    private void runOnDispatcher(Runnable task) {
        dispatcherTasks.incrementAndGet();
        try {
            dispatchThread.execute(() -> {
                try {
                    task.run();
                } finally {
                    dispatcherTasks.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            dispatcherTasks.decrementAndGet();
        }
    }

    // ------------------------------------------------------------------ time

    /**
     * Runs everything that is due at the clock's current time (group flushes, Alertmanager resends, the heartbeat)
     * and wakes the delivery threads so they retry what is due. Returns when the dispatcher pass is done; deliveries
     * continue on their own threads.
     */
    public void tick() {
        if (closed) return;
        dispatcherTasks.incrementAndGet();
        try {
            dispatchThread.submit(() -> {
                try {
                    runDue();
                } finally {
                    dispatcherTasks.decrementAndGet();
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.error("alert tick failed: " + log.describe(e));
        } catch (RejectedExecutionException e) {
            dispatcherTasks.decrementAndGet();
        }
        wakeAll();
    }

    private void tickAsync() {
        runOnDispatcher(this::runDue);
        wakeAll();
    }

    private void wake(String receiver) {
        ReceiverWorker w = workers.get(receiver);
        if (w != null) w.wake();
    }

    private void wakeAll() {
        workers.values().forEach(ReceiverWorker::wake);
    }

    /**
     * True when the inbox is empty, the dispatcher has nothing queued, and no receiver has a request in flight or a
     * notification it could send right now (one waiting for its backoff does not count).
     */
    public boolean idle() {
        synchronized (inboxLock) {
            if (!inbox.isEmpty()) return false;
        }
        if (dispatcherTasks.get() > 0) return false;
        for (ReceiverWorker w : workers.values()) {
            if (!w.idle()) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ silences (the API exposes these)

    /** Adds a silence; effective from the next group flush. @throws IllegalArgumentException on bad matchers or times */
    public Silence addSilence(NewSilence request) {
        return silences.add(request);
    }

    /** Shorthand: silence what matches for {@code duration} from now. */
    public Silence addSilence(List<String> matchers, Duration duration, String createdBy, String comment) {
        return silences.add(new NewSilence(matchers, null, null, duration, createdBy, comment));
    }

    /** Ends a silence now; false when unknown or already ended. */
    public boolean expireSilence(String id) {
        return silences.expire(id);
    }

    /** Every silence (active, pending, and those expired less than a day ago), latest end first. */
    public List<Silence> silences() {
        return silences.list();
    }

    // ------------------------------------------------------------------ stats

    public AlertStats stats() {
        List<AlertStats.ReceiverStats> rs = new ArrayList<>();
        for (AlertSettings.Receiver r : settings.receivers()) rs.add(workers.get(r.name()).stats(r.type()));
        long dropped;
        synchronized (inboxLock) {
            dropped = inboxDropped;
        }
        return new AlertStats(dispatcher.alertCount, dispatcher.groupCount, silences.activeCount(clock.instant()),
                enqueue.queued.get(), mute.muted.get(), rateLimit.rateLimited.get(),
                dispatcher.dropped.get() + dropped, List.copyOf(rs),
                heartbeat == null ? AlertStats.HeartbeatStats.OFF : heartbeat.stats());
    }

    private int pendingTotal() {
        int n = 0;
        for (String r : notifiers.keySet()) n += outbox.queue(r).size();
        return n;
    }

    public AlertSettings settings() {
        return settings;
    }

    /** Stops every thread this pipeline started. Pending notifications stay in the outbox for the next start. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (ticker != null) ticker.shutdownNow();
        dispatchThread.shutdown();
        try {
            if (!dispatchThread.awaitTermination(5, TimeUnit.SECONDS)) dispatchThread.shutdownNow();
        } catch (InterruptedException e) {
            dispatchThread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        workers.values().forEach(ReceiverWorker::stop);
        if (heartbeat != null) heartbeat.stop();
        notifiers.values().forEach(Notifier::close);
    }

    @Override
    public String toString() {
        return "AlertPipeline" + notifiers.keySet();
    }
}
