package io.gatewarden.config;

import io.gatewarden.act.ActSettings;
import io.gatewarden.alert.AlertSettings;
import io.gatewarden.breaker.BreakerSettings;
import io.gatewarden.collect.CollectSettings;
import io.gatewarden.detect.DetectSettings;
import io.gatewarden.detect.pressure.PressureSettings;
import io.gatewarden.gateway.restart.RestartSettings;
import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.lint.LintSettings;
import io.gatewarden.parse.ParseSettings;
import io.gatewarden.pipeline.PipelineSettings;
import io.gatewarden.probe.ProbeSettings;
import io.gatewarden.tail.TailSettings;

import java.nio.file.Path;

/**
 * The root of config/gatewarden.yaml. Every section is optional; a missing section means its defaults.
 * config/gatewarden.yaml lists every key with its default; each section's record documents its own keys.
 */
public record GatewardenConfig(Path stateDir, HttpSettings http, GatewaySettings gateway, TailSettings tail,
                               ParseSettings parse, DetectSettings detect, IncidentSettings incidents,
                               PressureSettings pressure, LintSettings lint, ProbeSettings probe,
                               CollectSettings collect, RestartSettings restart, BreakerSettings breakers,
                               ActSettings act, AlertSettings alert, io.gatewarden.load.LoadSettings load) {
    public GatewardenConfig {
        stateDir = stateDir == null ? defaultStateDir() : stateDir;
        http = http == null ? HttpSettings.defaults() : http;
        gateway = gateway == null ? GatewaySettings.defaults() : gateway;
        tail = tail == null ? TailSettings.defaults() : tail;
        parse = parse == null ? ParseSettings.defaults() : parse;
        detect = detect == null ? DetectSettings.defaults() : detect;
        incidents = incidents == null ? IncidentSettings.defaults() : incidents;
        pressure = pressure == null ? PressureSettings.defaults() : pressure;
        lint = lint == null ? LintSettings.defaults() : lint;
        probe = probe == null ? ProbeSettings.defaults() : probe;
        collect = collect == null ? CollectSettings.defaults() : collect;
        restart = restart == null ? RestartSettings.defaults() : restart;
        breakers = breakers == null ? BreakerSettings.defaults() : breakers;
        act = act == null ? ActSettings.defaults() : act;
        if (ActSettings.DEFAULT_GATEWAY.equals(act.gateway())) {
            // act.gateway unset: journal lines and the one-action-in-flight slot must name the gateway as the restarter
            // and the incidents do, or a primary switch and a restart would not exclude each other
            act = act.withGateway(gateway.name());
        }
        alert = alert == null ? AlertSettings.defaults() : alert;
        load = load == null ? io.gatewarden.load.LoadSettings.defaults() : load;
    }

    public static GatewardenConfig defaults() {
        return new GatewardenConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The sections the one pipeline (daemon, replay, load) is built from. */
    public PipelineSettings pipeline() {
        return new PipelineSettings(gateway.name(), parse, detect, pressure, incidents, tail.maxLineBytes());
    }

    public GatewardenConfig withStateDir(Path dir) {
        return new GatewardenConfig(dir, http, gateway, tail, parse, detect, incidents, pressure, lint, probe, collect, restart,
                breakers, act, alert, load);
    }

    private static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("gatewarden");
    }
}
