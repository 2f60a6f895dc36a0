package io.gatewarden.collect;

import io.gatewarden.command.CommandRunner;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Asks the gateway's own CLI what the logs do not say at the default level: which auth profiles are cooling down
 * or disabled ({@code openclaw models status --json}) and how full each session's context is
 * ({@code openclaw sessions --json}). Time-driven by {@link #tick()}, like the probes.
 * <p>
 * When the CLI is not installed the collector skips itself cleanly: one log line when that is first seen (no stack
 * trace), {@link #cliAbsent()} true, and a {@link GatewayStatus.State#CLI_ABSENT} status; it checks again each
 * interval, so installing the CLI later needs no restart.
 */
public final class GatewayStatusCollector {
    private static final System.Logger LOG = System.getLogger(GatewayStatusCollector.class.getName());

    private final CollectSettings settings;
    private final CommandRunner runner;
    private final Clock clock;
    private final StatusJson json;
    private final List<GatewayStatusListener> listeners = new CopyOnWriteArrayList<>();
    private Instant nextDue;
    private GatewayStatus last;
    private String lastProblemLogged;

    public GatewayStatusCollector(CollectSettings settings, CommandRunner runner, Clock clock) {
        this.settings = settings;
        this.runner = runner;
        this.clock = clock;
        this.json = new StatusJson(settings.maxSessions());
        this.nextDue = clock.instant();
    }

    public static GatewayStatusCollector create(CollectSettings settings, Clock clock) {
        return new GatewayStatusCollector(settings, new CommandRunner(settings.env()), clock);
    }

    public void addListener(GatewayStatusListener listener) {
        listeners.add(listener);
    }

    /** Collects when due (the first call collects at once); empty when not due or disabled. */
    public synchronized Optional<GatewayStatus> tick() {
        if (!settings.enabled() || clock.instant().isBefore(nextDue)) return Optional.empty();
        return Optional.of(collect());
    }

    /** Runs both commands now, parses them, tells the listeners, and returns what was seen. */
    public synchronized GatewayStatus collect() {
        Instant at = clock.instant();
        nextDue = at.plus(settings.interval());
        List<String> problems = new ArrayList<>();

        CommandRunner.Result models = run(settings.modelsStatusArgs());
        if (models.outcome() == CommandRunner.Outcome.NOT_FOUND) {
            return publish(GatewayStatus.absent(at, models.message()));
        }
        List<UnusableProfile> profiles = List.of();
        boolean profilesKnown = false;
        if (models.ok()) {
            try {
                profiles = json.unusableProfiles(models.output());
                profilesKnown = true;
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        } else {
            problems.add(models.message());
        }

        CommandRunner.Result sess = run(settings.sessionsArgs());
        List<SessionUsage> sessions = List.of();
        boolean sessionsKnown = false;
        if (sess.ok()) {
            try {
                sessions = json.sessions(sess.output());
                sessionsKnown = true;
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        } else {
            problems.add(sess.message());
        }
        GatewayStatus.State state = profilesKnown && sessionsKnown ? GatewayStatus.State.OK
                : profilesKnown || sessionsKnown ? GatewayStatus.State.PARTIAL : GatewayStatus.State.FAILED;
        return publish(new GatewayStatus(at, state, profilesKnown, profiles, sessionsKnown, sessions, problems));
    }

    public synchronized GatewayStatus last() {
        return last;
    }

    /** True while the last collection found no openclaw CLI. */
    public synchronized boolean cliAbsent() {
        return last != null && last.state() == GatewayStatus.State.CLI_ABSENT;
    }

    private CommandRunner.Result run(List<String> args) {
        List<String> argv = new ArrayList<>(settings.command());
        argv.addAll(args);
        return runner.query(argv, settings.timeout(), settings.maxOutputBytes());
    }

    private GatewayStatus publish(GatewayStatus status) {
        last = status;
        logOnChange(status);
        for (GatewayStatusListener l : listeners) {
            try {
                l.onStatus(status);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "gateway status listener " + l.getClass().getSimpleName() + " failed: " + e);
            }
        }
        return status;
    }

    /** One line per change of situation, not one per interval: an absent CLI must not flood the log. */
    private void logOnChange(GatewayStatus status) {
        String problem = status.state() == GatewayStatus.State.OK ? null
                : status.state() + (status.problems().isEmpty() ? "" : ": " + String.join("; ", status.problems()));
        String key = status.state() == GatewayStatus.State.CLI_ABSENT ? "absent" : problem;
        if (java.util.Objects.equals(key, lastProblemLogged)) return;
        lastProblemLogged = key;
        if (status.state() == GatewayStatus.State.CLI_ABSENT) {
            LOG.log(System.Logger.Level.INFO, "openclaw CLI not available (" + status.problems().get(0)
                    + "); gateway status collection skipped until it is");
        } else if (problem != null) {
            LOG.log(System.Logger.Level.WARNING, "gateway status collection " + problem);
        } else {
            LOG.log(System.Logger.Level.INFO, "gateway status collection OK (" + status.sessions().size() + " sessions, "
                    + status.unusableProfiles().size() + " unusable profiles)");
        }
    }
}
