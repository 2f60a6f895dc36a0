package io.gatewarden.detect;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * request_rejected (warning): a provider refused the shape of a request (reason format, e.g. a tool_use_id mismatch).
 * Retrying will not help; the session or the gateway's request building is at fault. Labels: provider, model.
 * One occurrence per rejected run.
 */
public final class RequestRejectedDetector implements Detector {
    private static final Set<EventType> BY_REASON = EnumSet.of(EventType.RUN_ATTEMPT_FAILED, EventType.RUN_FAILOVER_DECISION,
            EventType.FALLBACK_CANDIDATE_FAILED, EventType.CHAIN_EXHAUSTED);

    private final DetectSettings.RequestRejected settings;
    private final RunContext runs;

    public RequestRejectedDetector(DetectSettings s, RunContext runs) {
        this.settings = s.requestRejected();
        this.runs = runs;
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        boolean rejected = e.type() == EventType.REQUEST_REJECTED
                || (BY_REASON.contains(e.type()) && Texts.reasonIn(e.reason(), settings.reasons()));
        if (!rejected) return;
        Instant t = runs.timeOf(e);
        if (t == null) return;
        String run = runs.runOf(e);
        String ref = e.modelRef() != null ? e.modelRef() : "a provider";
        StringBuilder summary = new StringBuilder(ref).append(" rejected the request");
        if (!Texts.blank(e.reason()) || e.status() > 0) {
            summary.append(" (").append(Texts.blank(e.reason()) ? "" : e.reason());
            if (e.status() > 0) summary.append(Texts.blank(e.reason()) ? "" : ", ").append(e.status());
            summary.append(')');
        }
        summary.append(" in ").append(Texts.shortRun(run));
        if (!Texts.blank(e.detail())) summary.append(": ").append(Texts.clip(e.detail(), 160));
        sink.signal(new Signal(IncidentType.REQUEST_REJECTED, Severity.WARNING,
                Labels.of("provider", e.provider(), "model", e.model()), Texts.runKey(run), summary.toString(),
                Texts.evidence(e), t));
    }
}
