package io.gatewarden.api;

import io.gatewarden.daemon.Daemon;
import io.gatewarden.daemon.DaemonReadings;
import io.gatewarden.daemon.DaemonLifecycle;
import io.gatewarden.incident.Incident;
import io.gatewarden.pipeline.IncidentJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only JSON views of the running daemon. Nothing here exposes a secret: breakers and alerts carry fingerprints. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    @Inject DaemonLifecycle lifecycle;

    private DaemonReadings daemon() {
        return lifecycle.daemon().map(Daemon::readings).orElseThrow(() -> new WebApplicationException("daemon not started", 503));
    }

    @GET
    @Path("/incidents")
    public Map<String, Object> incidents() {
        DaemonReadings d = daemon();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("open", json(d.openIncidents()));
        m.put("recent", json(d.recentIncidents()));
        return m;
    }

    @GET
    @Path("/status")
    public Map<String, Object> status() {
        DaemonReadings d = daemon();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gateway", d.gatewayName());
        m.put("dryRun", d.dryRun());
        m.put("dryRunSource", lifecycle.supervisor().map(s -> s.dryRunOverride() != null).orElse(false) ? "api" : "config");
        m.put("openIncidents", d.openIncidents().size());
        m.put("lines", d.pipelineStats().lines());
        m.put("malformedLines", d.pipelineStats().malformed());
        m.put("tail", d.tailStats());
        m.put("primary", d.primaryStatus().orElse(null));
        m.put("restart", d.restartStatus());
        m.put("stateSaveFailures", d.stateSaveFailures());
        m.put("modelProbes", modelProbes());
        m.put("spendGuard", d.spendStatus().orElse(null));
        m.put("sessions", d.sessions());
        return m;
    }

    /**
     * The spend guard: idle / pending / active, why, each chain's original and current fallbacks, and today's paid calls
     * per credential (the profile hash the gateway logs, never a key).
     */
    @GET
    @Path("/spend")
    public Object spend() {
        return daemon().spendStatus().orElse(null);
    }

    /**
     * Sessions under context pressure, quarantined, or acted on: token count against window and the gateway's own
     * compaction threshold (from its DEBUG preflight lines), the last session action and its outcome.
     */
    @GET
    @Path("/sessions")
    public Object sessions() {
        return daemon().sessions();
    }

    /**
     * Model probes (one output token each, to settle a model-level breaker): per model the probes of the last hour
     * against its cap, when the next one may go, and the last answer; totals by outcome.
     */
    @GET
    @Path("/model-probes")
    public Map<String, Object> modelProbes() {
        DaemonReadings d = daemon();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", d.modelProbesEnabled());
        Map<String, Long> totals = new LinkedHashMap<>();
        for (var o : io.gatewarden.probe.ModelProbeRunner.Outcome.values()) totals.put(o.wireName(), d.modelProbes(o));
        totals.put("capped", d.modelProbesCapped());
        m.put("totals", totals);
        m.put("models", d.modelProbeStatus());
        return m;
    }

    @GET
    @Path("/breakers")
    public Object breakers() {
        return daemon().breakers();
    }

    @GET
    @Path("/actions")
    public Object actions() {
        return daemon().recentActions(200);
    }

    /** Active, pending and recently expired silences (the mutating calls are in {@link ControlResource}). */
    @GET
    @Path("/silences")
    public Object silences() {
        DaemonReadings d = daemon();
        java.time.Instant now = d.now();
        return d.silences().stream().map(s -> ApiOperations.silence(s, now)).toList();
    }

    private static List<Map<String, Object>> json(List<Incident> incidents) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Incident i : incidents) out.add(IncidentJson.of(i));
        return out;
    }
}
