package io.gatewarden.detect;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fallback_skipped (warning): a rung of the chain that never reached the network — in cooldown, without credentials,
 * or naming a model the gateway does not know. Such a rung silently shortens the chain.
 * <p>
 * Sources: skip_candidate decisions (cooldown), "No API key found" and "Unknown model" lines, and candidate failures
 * that carry no real HTTP exchange (auth or model_not_found without status; "No API key found" even with the gateway's
 * synthetic 401). One occurrence per (run, rung). Labels: provider, model, reason (cooldown|no_credentials|unknown_model).
 * A "No API key" line that names only the provider takes the model from the run's announced next rung, else is left
 * to the decision line of the same run.
 */
public final class FallbackSkippedDetector implements Detector {
    static final String COOLDOWN = "cooldown";
    static final String NO_CREDENTIALS = "no_credentials";
    static final String UNKNOWN_MODEL = "unknown_model";
    private static final Pattern UNKNOWN_REF = Pattern.compile("Unknown model:\\s*([^\\s/]+)/([^\\s.,;)]+)");

    private final RunContext runs;

    public FallbackSkippedDetector(RunContext runs) {
        this.runs = runs;
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        String kind = kind(e);
        if (kind == null) return;
        String provider = e.provider();
        String model = e.model();
        if (provider == null || model == null) {
            Matcher m = e.detail() == null ? null : UNKNOWN_REF.matcher(e.detail());
            if (m != null && m.find()) {
                provider = m.group(1);
                model = m.group(2);
            }
        }
        String run = runs.runOf(e);
        if (provider != null && model == null) {
            RunContext.RunInfo info = runs.run(run);
            if (info != null && provider.equals(info.nextProvider())) model = info.nextModel();
        }
        if (provider == null || model == null) return;
        Instant t = runs.timeOf(e);
        if (t == null) return;
        String ref = provider + "/" + model;
        String key = run == null ? null : "run:" + run + "|" + ref;
        String summary = switch (kind) {
            case COOLDOWN -> "fallback " + ref + " was skipped (in cooldown"
                    + (Texts.blank(e.reason()) ? "" : ", " + e.reason()) + ") in " + Texts.shortRun(run);
            case NO_CREDENTIALS -> "fallback " + ref + " has no credentials: skipped without a request in " + Texts.shortRun(run);
            default -> "fallback " + ref + " is not a model the gateway knows: skipped in " + Texts.shortRun(run);
        };
        sink.signal(new Signal(IncidentType.FALLBACK_SKIPPED, Severity.WARNING,
                Labels.of("provider", provider, "model", model, "reason", kind), key, summary, Texts.evidence(e), t));
    }

    /** Which kind of skip a line shows, or null when it is not a skip. */
    static String kind(GatewayEvent e) {
        // the type first: the text searches below are only worth it for the few decision lines
        return switch (e.type()) {
            case MISSING_API_KEY -> NO_CREDENTIALS;
            case UNKNOWN_MODEL -> UNKNOWN_MODEL;
            case FALLBACK_CANDIDATE_SKIPPED -> noKey(e) ? NO_CREDENTIALS : unknown(e) ? UNKNOWN_MODEL : COOLDOWN;
            case FALLBACK_CANDIDATE_FAILED, CHAIN_EXHAUSTED -> {
                if (e.modelRef() == null) yield null;
                if (noKey(e)) yield NO_CREDENTIALS; // the gateway reports a synthetic 401; no request was sent
                if (e.status() != 0) yield null; // a real HTTP answer: the rung was tried
                if (unknown(e)) yield UNKNOWN_MODEL;
                if ("auth".equalsIgnoreCase(e.reason())) yield NO_CREDENTIALS;
                yield null;
            }
            default -> null;
        };
    }

    private static boolean noKey(GatewayEvent e) {
        return Texts.contains(e.detail(), "No API key found") || Texts.contains(e.raw(), "No API key found");
    }

    private static boolean unknown(GatewayEvent e) {
        return "model_not_found".equalsIgnoreCase(e.reason()) || (e.detail() != null && e.detail().startsWith("Unknown model"));
    }
}
