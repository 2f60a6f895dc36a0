package io.gatewarden.daemon;

import io.gatewarden.act.JournalEntry;
import io.gatewarden.config.ConfigException;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Owns the running {@link Daemon} and replaces it on a config reload (SIGHUP, {@code POST /api/reload}).
 *
 * <p>A reload reads the config file again. An invalid file is rejected and the running daemon is left alone. A valid
 * one replaces the daemon: the old one is closed (it saves checkpoints and incidents, the outbox stays on disk) and a
 * new one starts on the same state dir, so checkpoints, open incidents, breakers, pins, silences, cooldowns and the
 * restart budget carry over through their state files. If the new config fails only when the daemon is built (a
 * receiver's secret is missing, say), the old config is started again.
 *
 * <p>Operator changes ({@link #change}) and reloads are serialized on this object, so an API call never lands on a
 * daemon that is being closed. Reads ({@link #current()}) take no lock. Plain Java: the CDI shell and the tests use
 * it alike.
 */
public final class DaemonSupervisor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DaemonSupervisor.class.getName());
    public static final String RELOAD = "reload_config";

    /** Builds a daemon (not started) for a config. */
    @FunctionalInterface
    public interface Factory {
        Daemon create(GatewardenConfig cfg, boolean fromStart) throws Exception;
    }

    /** Hears daemons come and go (metrics re-attach, the API re-reads its token). Must not block. */
    public interface Listener {
        default void started(Daemon daemon) {}

        /** The daemon was closed; its counters are final. */
        default void retired(Daemon daemon) {}
    }

    /**
     * What a reload did.
     *
     * @param outcome reloaded | invalid_config | rejected (config valid but the daemon could not be built with it) |
     *                no_config_file | busy | not_running | failed (neither the new nor the old config could start)
     * @param error   for invalid_config: where and why
     * @param notes   settings that changed but need a process restart (http host/port, state dir)
     */
    public record ReloadResult(String outcome, String detail, ConfigException error, List<String> notes) {
        public boolean reloaded() {
            return "reloaded".equals(outcome);
        }
    }

    private final Factory factory;
    private final Path configFile;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Daemon current;
    private volatile Boolean dryRunOverride;

    /** @param configFile the file reloads read; null when running on embedded defaults (reload is then refused) */
    public DaemonSupervisor(Factory factory, Path configFile) {
        this.factory = factory;
        this.configFile = configFile;
    }

    public Path configFile() {
        return configFile;
    }

    /** Adds a listener; it hears {@code started} at once for a daemon already running. */
    public void addListener(Listener l) {
        listeners.add(l);
        Daemon d = current;
        if (d != null) l.started(d);
    }

    public Optional<Daemon> current() {
        return Optional.ofNullable(current);
    }

    /** Builds and starts the first daemon. */
    public synchronized Daemon start(GatewardenConfig cfg, boolean fromStart) throws Exception {
        if (current != null) throw new IllegalStateException("already started");
        Daemon d = factory.create(cfg, fromStart);
        launch(d);
        return d;
    }

    /**
     * Runs an operator's change against the running daemon, serialized with reloads.
     *
     * @throws IllegalStateException when no daemon runs
     */
    public synchronized <T> T change(Function<Daemon, T> op) {
        Daemon d = current;
        if (d == null) throw new IllegalStateException("the daemon is not running");
        return op.apply(d);
    }

    /**
     * Turns dry-run on or off for the running daemon and for every daemon a reload builds afterwards: an operator's
     * "stop acting" must not be undone by someone fixing a typo in the config. Null returns to the config's value
     * at the next reload.
     */
    public synchronized void setDryRunOverride(Boolean on) {
        dryRunOverride = on;
        Daemon d = current;
        if (d != null && on != null) d.guard().setDryRun(on);
    }

    public Boolean dryRunOverride() {
        return dryRunOverride;
    }

    /** Reads the config file again and, if it is valid, replaces the running daemon. Never throws. */
    public synchronized ReloadResult reload(String by) {
        String who = by == null || by.isBlank() ? "unknown" : by;
        Daemon old = current;
        if (old == null) return new ReloadResult("not_running", "the daemon is not running", null, List.of());
        if (configFile == null) {
            String why = "gatewarden runs on its embedded defaults (no --config FILE): there is no file to reload";
            journal(old, "declined", "no_config_file", why, who);
            return new ReloadResult("no_config_file", why, null, List.of());
        }
        GatewardenConfig next;
        try {
            next = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            LOG.log(System.Logger.Level.WARNING, "config reload rejected, the running config stays: " + e.getMessage()
                    + " (file " + e.file() + ", line " + e.line() + ", key " + (e.key() == null ? "-" : e.key()) + ")");
            journal(old, "declined", "invalid_config", e.getMessage(), who);
            return new ReloadResult("invalid_config", e.getMessage(), e, List.of());
        }
        String gateway = old.config().gateway().name();
        String busy = old.guard().inFlight(gateway).map(p -> p.request().action() + " (" + p.actionId() + ")")
                .orElseGet(() -> old.switcher().map(s -> s.status().pendingAction()).orElse(null));
        if (busy != null) {
            String why = "an action is in flight on gateway " + gateway + ": " + busy + "; reload again when it is done";
            journal(old, "declined", "busy", why, who);
            return new ReloadResult("busy", why, null, List.of());
        }

        List<String> notes = new ArrayList<>();
        GatewardenConfig old_ = old.config();
        if (!Objects.equals(next.stateDir(), old_.stateDir())) {
            notes.add("state_dir changed to " + next.stateDir() + ": needs a restart; still using " + old_.stateDir());
            next = next.withStateDir(old_.stateDir());
        }
        if (!Objects.equals(next.http().host(), old_.http().host()) || !Objects.equals(next.http().port(), old_.http().port())) {
            notes.add("http host/port changed: needs a restart; still serving on " + old_.http().host() + ":" + old_.http().port());
        }

        old.close();
        fireRetired(old);
        current = null;
        Daemon fresh;
        try {
            fresh = factory.create(next, false);
        } catch (Exception e) {
            String why = "config " + configFile + " is valid but the daemon cannot start with it: " + describe(e);
            LOG.log(System.Logger.Level.WARNING, why + "; starting the previous config again", e);
            return restoreOld(old_, who, why, notes);
        }
        launch(fresh);
        DaemonContext.set(next, configFile, DaemonContext.fromStart());
        String detail = "reloaded " + configFile + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        journal(fresh, "taken", "reloaded", detail, who);
        LOG.log(System.Logger.Level.INFO, detail + " (by " + who + ")");
        return new ReloadResult("reloaded", detail, null, List.copyOf(notes));
    }

    private ReloadResult restoreOld(GatewardenConfig oldCfg, String who, String why, List<String> notes) {
        try {
            Daemon back = factory.create(oldCfg, false);
            launch(back);
            journal(back, "declined", "rejected", why, who);
            return new ReloadResult("rejected", why, null, List.copyOf(notes));
        } catch (Exception e) {
            // nothing runs now: liveness goes down, and the service manager restarts the process
            LOG.log(System.Logger.Level.ERROR, "the previous config cannot start again either; gatewarden is not watching", e);
            return new ReloadResult("failed", why + "; the previous config failed too: " + describe(e), null, List.copyOf(notes));
        }
    }

    private void launch(Daemon d) {
        Boolean dry = dryRunOverride;
        if (dry != null) d.guard().setDryRun(dry);
        d.start();
        current = d;
        for (Listener l : listeners) {
            try {
                l.started(d);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "daemon listener failed on start", e);
            }
        }
    }

    private void fireRetired(Daemon d) {
        for (Listener l : listeners) {
            try {
                l.retired(d);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "daemon listener failed on retire", e);
            }
        }
    }

    private static void journal(Daemon d, String decision, String outcome, String reason, String by) {
        try {
            d.journal().append(JournalEntry.builder(RELOAD, decision, outcome)
                    .gateway(d.config().gateway().name()).reason(reason).by(by).build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot journal config reload (" + outcome + "): " + e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Closes the running daemon: checkpoints and incidents saved, pending alerts left in the outbox. */
    @Override
    public synchronized void close() {
        Daemon d = current;
        current = null;
        if (d != null) {
            d.close();
            fireRetired(d);
        }
    }
}
