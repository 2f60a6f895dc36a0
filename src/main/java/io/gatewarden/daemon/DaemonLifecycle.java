package io.gatewarden.daemon;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.probe.ProbeSettings;
import io.gatewarden.probe.rest.QuarkusRestProbeHttp;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts the {@link Daemon} (through a {@link DaemonSupervisor}, which also reloads it) when Quarkus has booted,
 * reloads it on SIGHUP, and closes it (checkpoints, incidents, outbox) on shutdown.
 */
@ApplicationScoped
public class DaemonLifecycle {
    private static final System.Logger LOG = System.getLogger(DaemonLifecycle.class.getName());
    private static final int SIGHUP_RETRIES = 30;

    @ConfigProperty(name = "gatewarden.daemon.enabled", defaultValue = "true")
    boolean enabled;

    private volatile DaemonSupervisor supervisor;
    private final List<DaemonSupervisor.Listener> early = new ArrayList<>();
    private ScheduledExecutorService signals;

    void onStart(@Observes StartupEvent ev) {
        if (!enabled) return;
        try {
            GatewardenConfig cfg = DaemonContext.config();
            DaemonSupervisor s = new DaemonSupervisor(DaemonLifecycle::build, DaemonContext.configFile());
            synchronized (this) {
                early.forEach(s::addListener);
                early.clear();
                supervisor = s;
            }
            s.start(cfg, DaemonContext.fromStart());
            // signals belong to the real process, not to a test JVM that boots Quarkus
            if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
                reloadOnSighup(s);
                stopOnSigterm();
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "gatewarden cannot start: " + e.getMessage(), e);
            Quarkus.asyncExit(2);
        }
    }

    private static Daemon build(GatewardenConfig cfg, boolean fromStart) throws Exception {
        ProbeSettings p = cfg.probe();
        Daemon d = DaemonBuilder.build(cfg, Clock.systemUTC(), fromStart, new QuarkusRestProbeHttp(p.connectTimeout(), p.maxBodyBytes()));
        DaemonContext.created(d); // the demo attaches here, before the daemon starts
        return d;
    }

    /**
     * SIGHUP reloads the config, as daemons do. Without {@code sun.misc.Signal} (a JVM run with -Xrs, or one without
     * the jdk.unsupported module) it is logged and POST /api/reload remains. Replacing the JVM's handler also keeps
     * SIGHUP from shutting the daemon down, which is the JVM's default.
     */
    private void reloadOnSighup(DaemonSupervisor s) {
        signals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatewarden-sighup");
            t.setDaemon(true);
            return t;
        });
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> signals.execute(() -> reloadForSignal(s, 0)));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot be handled in this JVM (" + e + "); reload with POST /api/reload");
        }
    }

    /**
     * SIGTERM (systemd stop, Kubernetes pod deletion) is a normal stop: Quarkus shuts down in order (the daemon saves
     * its state, the outbox stays) and the process exits 0, not the JVM's 143. A second SIGTERM while stopping
     * halts at once with 143, for a stop that hangs.
     */
    private void stopOnSigterm() {
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> {
                if (stopping.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.INFO, "SIGTERM: stopping (state is saved; pending alerts stay in the outbox)");
                    Quarkus.asyncExit(0);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "second SIGTERM while stopping: halting now");
                    Runtime.getRuntime().halt(143);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "SIGTERM left to the JVM (" + e + "): it still shuts down cleanly, exit status 143");
        }
    }

    /** A reload refused as busy (a switch awaits the gateway's confirmation) is tried again, for about a minute. */
    private void reloadForSignal(DaemonSupervisor s, int attempt) {
        if (attempt == 0) LOG.log(System.Logger.Level.INFO, "SIGHUP: reloading " + s.configFile());
        DaemonSupervisor.ReloadResult r = s.reload("SIGHUP");
        if ("busy".equals(r.outcome()) && attempt < SIGHUP_RETRIES) {
            if (attempt == 0) LOG.log(System.Logger.Level.INFO, "SIGHUP reload waits: " + r.detail());
            signals.schedule(() -> reloadForSignal(s, attempt + 1), 2, TimeUnit.SECONDS);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "SIGHUP reload: " + r.outcome() + ": " + r.detail());
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (signals != null) signals.shutdownNow();
        DaemonSupervisor s = supervisor;
        if (s != null) s.close();
    }

    /** Hears every daemon started and retired, including one that runs already (metrics, the API's token). */
    public synchronized void addListener(DaemonSupervisor.Listener l) {
        if (supervisor != null) supervisor.addListener(l);
        else early.add(l);
    }

    /** The running daemon; empty while starting, during a reload's swap, or when disabled. */
    public Optional<Daemon> daemon() {
        DaemonSupervisor s = supervisor;
        return s == null ? Optional.empty() : s.current();
    }

    /** Empty when the daemon is disabled (tests that boot Quarkus) or failed to start. */
    public Optional<DaemonSupervisor> supervisor() {
        return Optional.ofNullable(supervisor);
    }
}
