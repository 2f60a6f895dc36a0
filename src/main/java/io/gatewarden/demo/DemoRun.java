package io.gatewarden.demo;

import io.gatewarden.config.ConfigException;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.time.Durations;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.gateway.Json5EditException;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentType;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code gatewarden demo}, the same for the command and for its test:
 * <pre>{@code
 * DemoRun run = DemoRun.prepare(options, System.out);   // files, provider stub, gatewarden.yaml
 * Daemon daemon = DaemonBuilder.build(run.config(), clock, false); // the command lets Quarkus build it (DaemonLifecycle)
 * run.attach(daemon);                                     // the narrator and the milestones listen to it
 * daemon.start();
 * int exit = run.play();                                  // the story, then the summary; 0 when it all happened
 * }</pre>
 */
public final class DemoRun implements AutoCloseable {
    /** The provider of the bundled storm's primary, the one the stub serves and gatewarden probes. */
    static final String PROVIDER = "fakeoa";

    /**
     * @param speed    time multiplier (1 = about a minute)
     * @param httpPort port of gatewarden's HTTP server; 0 when the caller does not serve HTTP (the test)
     * @param stay     keep running after the story (the command waits for Ctrl-C)
     * @param dir      where the files go; null: a fresh temp dir
     */
    public record Options(double speed, int httpPort, boolean stay, Path dir) {}

    private final Options options;
    private final DemoLayout layout;
    private final DemoTimings timings;
    private final ProviderWorld world = new ProviderWorld();
    private final ProviderStub stub;
    private final GatewardenConfig config;
    private final Narrator narrator;
    private final GatewaySimulator gateway;
    private final Milestones milestones;
    private final String primary;
    private final CountDownLatch attached = new CountDownLatch(1);
    private volatile Daemon daemon;
    private volatile long lastResolvedNanos = System.nanoTime();

    private DemoRun(Options options, PrintStream out, boolean color) throws IOException, ConfigException, Json5EditException {
        this.options = options;
        this.timings = new DemoTimings(options.speed());
        this.layout = DemoLayout.create(options.dir());
        this.primary = GatewaySimulator.primaryOf(Json5Editor.parse(Files.readString(layout.openclawJson())));
        this.milestones = new Milestones(primary);
        this.narrator = new Narrator(out, color);
        GatewayLines lines = new GatewayLines(ZoneId.systemDefault());
        ProviderStub s = ProviderStub.start(world);
        try {
            Files.writeString(layout.configFile(), DemoConfig.yaml(layout, s, timings, options.httpPort()));
            this.config = ConfigLoader.load(layout.configFile());
        } catch (IOException | ConfigException | RuntimeException e) {
            s.close();
            throw e;
        }
        this.stub = s;
        this.gateway = new GatewaySimulator(layout.log(), layout.openclawJson(), lines, world, timings, narrator, Clock.systemUTC());
    }

    /** Creates the demo's files and starts the provider stub; nothing talks to the gateway log yet. */
    public static DemoRun prepare(Options options, PrintStream out) throws IOException, ConfigException {
        try {
            return new DemoRun(options, out, out == System.out && Narrator.colorWanted());
        } catch (Json5EditException e) {
            throw new IOException("the bundled openclaw.json does not parse: " + e.getMessage(), e);
        }
    }

    public GatewardenConfig config() {
        return config;
    }

    public Path configFile() {
        return layout.configFile();
    }

    public Path dir() {
        return layout.dir();
    }

    public boolean stays() {
        return options.stay();
    }

    /** Lets the story hear the daemon: incidents, breaker transitions and actions go to the narrator. Call before start. */
    public void attach(Daemon d) {
        d.incidents().addListener(narrator);
        d.incidents().addListener(milestones);
        d.incidents().addListener(new IncidentListener() {
            @Override
            public void resolved(Incident incident) {
                lastResolvedNanos = System.nanoTime();
            }
        });
        d.breakers().addListener(narrator);
        d.breakers().addListener(milestones);
        d.switcher().ifPresent(s -> {
            // listeners hear a transition in the order they were added, and the switcher acts inside its call:
            // re-adding it after the narrator lets the console say "breaker opened" before "switched"
            d.breakers().removeListener(s);
            d.breakers().addListener(s);
            s.addListener(narrator);
            s.addListener(milestones);
        });
        daemon = d;
        attached.countDown();
    }

    /**
     * Plays the story against the attached (and started) daemon, then prints the summary. An interrupt (Ctrl-C)
     * ends the story where it is.
     *
     * @return 0 when everything happened (incident, breaker, switch, alert, chain exhaustion, recovery, fail-back),
     *         1 when a step was missing, 2 when no daemon was attached, 130 when interrupted
     */
    public int play() {
        try {
            if (!attached.await(30, TimeUnit.SECONDS)) {
                narrator.say("gatewarden demo: the daemon did not start; see the messages above");
                return 2;
            }
            narrator.restartClock();
            intro();
            try {
                gateway.start();
            } catch (IOException | Json5EditException e) {
                narrator.say("gatewarden demo: cannot start the simulated gateway: " + e.getMessage());
                return 2;
            }
            new DemoStory(gateway, world, narrator, timings, primary).play(this::settled);
        } catch (InterruptedException e) {
            narrator.blank();
            narrator.say("gatewarden demo: interrupted; the files so far are in " + layout.dir());
            return 130;
        }
        boolean complete = new DemoSummary(narrator, daemon, milestones, layout, options, narrator.elapsed()).print();
        if (options.stay()) {
            narrator.muteGateway();
            gateway.startTraffic();
            narrator.say("The simulated gateway keeps serving a run every " + Durations.format(timings.trafficEvery())
                    + " (its log: " + layout.log() + "); gatewarden keeps watching it.");
        }
        return complete ? 0 : 1;
    }

    /** Nothing left open from the storm, every resolution had time to be announced, no alert in flight. */
    private boolean settled() {
        Daemon d = daemon;
        boolean open = d.incidents().open().stream().anyMatch(i -> i.type() != IncidentType.CHAIN_MISCONFIGURED);
        if (open) return false;
        long sinceResolved = System.nanoTime() - lastResolvedNanos;
        Duration flush = timings.groupInterval().plus(Duration.ofMillis(1500));
        return sinceResolved > flush.toNanos() && d.alerts().idle();
    }

    private void intro() {
        narrator.blank();
        narrator.say(narrator.bold("gatewarden demo") + ": a real OpenClaw incident, replayed live against a running gatewarden");
        narrator.say("  gateway       a simulator in this process; it writes OpenClaw log lines to " + layout.log());
        narrator.say("  its config    " + layout.openclawJson() + " (a copy; primary " + primary + ")");
        narrator.say("  gatewarden    config " + layout.configFile() + ", state " + layout.stateDir() + ", alerts on this console");
        if (options.httpPort() > 0) {
            narrator.say("  status page   http://127.0.0.1:" + options.httpPort() + "/  (JSON: /api/status, /api/incidents, /api/breakers)");
        }
        if (options.speed() != 1) narrator.say("  speed         ×" + options.speed());
        narrator.blank();
    }

    /** Stops the simulated gateway and the provider stub. The daemon is closed by whoever started it. */
    @Override
    public void close() {
        gateway.close();
        stub.close();
    }
}
