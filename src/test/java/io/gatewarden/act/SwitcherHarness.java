package io.gatewarden.act;

import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerSettings;
import io.gatewarden.breaker.ConfiguredProfiles;
import io.gatewarden.breaker.Events;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** The real act stage wired the way the daemon wires it, on files in a temp dir. */
final class SwitcherHarness {
    final Clock clock;
    final Path dir;
    final Path config;
    final Path state;
    final ActSettings settings;
    final ActionJournal journal;
    final ActionGuard guard;
    final BreakerRegistry breakers;
    final io.gatewarden.testsupport.BreakerFeed feed;
    final GatewayConfigWriter writer;
    final PrimarySwitcher switcher;
    final List<ActionOutcome> outcomes = new CopyOnWriteArrayList<>();
    final List<Signal> signals = new CopyOnWriteArrayList<>();
    final List<String> resolved = new CopyOnWriteArrayList<>();

    SwitcherHarness(Clock clock, Path dir, Path configSource, ActSettings settings) throws Exception {
        this(clock, dir, copy(configSource, dir), settings, true);
    }

    private static Path copy(Path src, Path dir) throws Exception {
        Path cfg = dir.resolve("openclaw.json");
        if (!Files.exists(cfg)) Files.copy(src, cfg);
        return cfg;
    }

    SwitcherHarness(Clock clock, Path dir, Path config, ActSettings settings, boolean unused) throws Exception {
        this.clock = clock;
        this.dir = dir;
        this.config = config;
        this.settings = settings;
        this.state = dir.resolve("state");
        Files.createDirectories(state);
        journal = new ActionJournal(state.resolve(settings.journal().file()), settings.journal().maxMb() * 1024L * 1024L, clock);
        guard = new ActionGuard(clock, journal, settings, state.resolve("guard.json"));
        ConfiguredProfiles profiles;
        try {
            profiles = new ConfiguredProfiles(ChainSnapshot.read(config, null).profilesByProvider());
        } catch (Exception invalid) {
            profiles = new ConfiguredProfiles(Map.of());
        }
        breakers = new BreakerRegistry(BreakerSettings.defaults(), clock, profiles, state.resolve("breakers.json"));
        writer = new GatewayConfigWriter(config, journal, clock, settings.backups().keep(), settings.backups().dir());
        switcher = new PrimarySwitcher(settings.gateway(), writer, breakers, guard, settings.switchPrimary(),
                CredentialCheck.FROM_CONFIG, clock, state.resolve("switcher.json"));
        breakers.addListener(switcher);
        feed = new io.gatewarden.testsupport.BreakerFeed(breakers).primary(switcher::currentPrimary);
        switcher.addListener(outcomes::add);
        switcher.setAlertSink(new IncidentSink() {
            @Override public void signal(Signal s) { signals.add(s); }
            @Override public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) { resolved.add(type.wireName() + " " + labels); }
        });
    }

    /** Three failed requests in a row: the model's breaker opens. */
    void storm(String ref, String reason) {
        for (int i = 0; i < 3; i++) feed.accept(Events.attemptFailed(clock.instant(), "run-" + ref + "-" + i, ref, reason));
    }

    String primary() throws Exception {
        return Json5Editor.valueAt(Files.readString(config), ChainSnapshot.PRIMARY).textValue();
    }

    List<String> fallbacks() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        Json5Editor.valueAt(Files.readString(config), ChainSnapshot.FALLBACKS).forEach(n -> out.add(n.textValue()));
        return out;
    }

    void applied(String paths) {
        switcher.onEvent(Events.reloadApplied(clock.instant(), paths));
    }

    void closeViaProbe(String ref) {
        for (var s : breakers.forModel(ref)) breakers.recordProbeResult(new BreakerKey(s.profile(), ref), true, "test probe");
    }

    /** The journal as "action decision outcome" lines. */
    List<String> journalLines() {
        return journal.readAll().stream().map(e -> e.action() + " " + e.decision() + " " + e.outcome()).collect(Collectors.toList());
    }

    List<String> outcomes() {
        return outcomes.stream().map(o -> o.action() + " " + o.outcome() + " " + o.to()).collect(Collectors.toList());
    }
}
