package io.gatewarden.detect;

import io.gatewarden.run.RunModel;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.Map;

/**
 * config_reload_failed (warning): the gateway ignored an edit of its config as invalid and keeps running the old one;
 * the next edit it applies (or a fresh start, which loaded a valid config) resolves it. Each skipped reload is one
 * occurrence.
 */
public final class ConfigReloadDetector implements Detector {
    private final RunModel runs;

    public ConfigReloadDetector(RunModel runs) {
        this.runs = runs;
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        Instant t = runs.timeOf(e);
        if (t == null) return;
        switch (e.type()) {
            case CONFIG_RELOAD_SKIPPED -> {
                String why = Texts.blank(e.detail()) ? "invalid config" : Texts.clip(e.detail(), 200);
                sink.signal(new Signal(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, Map.of(),
                        "reload@" + t.toEpochMilli(), "config reload skipped, the gateway keeps its previous config: " + why,
                        Texts.evidence(e), t));
            }
            case CONFIG_RELOAD_APPLIED -> sink.resolve(IncidentType.CONFIG_RELOAD_FAILED, Map.of(), t,
                    "config hot reload applied" + (Texts.blank(e.detail()) ? "" : " (" + Texts.clip(e.detail(), 160) + ")"));
            case GATEWAY_READY -> sink.resolve(IncidentType.CONFIG_RELOAD_FAILED, Map.of(), t,
                    "the gateway started with a valid config");
            default -> { }
        }
    }
}
