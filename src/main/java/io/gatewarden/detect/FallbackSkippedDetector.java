package io.gatewarden.detect;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.Cooldown;
import io.gatewarden.run.Run;
import io.gatewarden.run.RunModel;
import io.gatewarden.run.Rung;
import io.gatewarden.run.SkipKind;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fallback_skipped (warning): a rung of the chain that never reached the network — its auth profile in cooldown,
 * without credentials, or naming a model the gateway does not know. Such a rung silently shortens the chain.
 * <p>
 * What a skip is comes from the run model ({@link RunModel#skipKind}): skip_candidate decisions (also the one that ends
 * an exhausted chain), "No API key found" and "Unknown model" lines, and candidate failures with no real HTTP exchange.
 * One occurrence per (run, rung). Labels: provider, model, reason (cooldown|no_credentials|unknown_model); for a
 * cooldown also the profile cooling down and, when another model's failure put it there, {@code blocked_by} — the
 * cooldown-scope trap: a healthy model blocked by its sibling's 429. A "No API key" line that names only the provider
 * takes the model from the run's announced next rung, else is left to the decision line of the same run.
 */
public final class FallbackSkippedDetector implements Detector {
    private static final Pattern UNKNOWN_REF = Pattern.compile("Unknown model:\\s*([^\\s/]+)/([^\\s.,;)]+)");

    private final RunModel runs;

    public FallbackSkippedDetector(RunModel runs) {
        this.runs = runs;
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        SkipKind kind = RunModel.skipKind(e);
        if (kind == null) return;
        Rung rung = runs.rungOf(e);
        if (rung != null && rung.skip() == null) return; // the model was sent requests in this run: it failed, it was not skipped
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
            Run info = runs.run(run);
            if (info != null && provider.equals(info.nextProvider())) model = info.nextModel();
        }
        if (provider == null || model == null) return;
        Instant t = runs.timeOf(e);
        if (t == null) return;
        String ref = provider + "/" + model;
        String key = run == null ? null : "run:" + run + "|" + ref;
        Cooldown cd = kind == SkipKind.COOLDOWN && rung != null ? rung.cooldown() : null;
        // blocked by another model only if this one had no failure of its own (a failed primary probed in cooldown is not)
        String blockedBy = cd == null || ref.equals(cd.blockedBy()) || runs.failedRecently(ref, t) ? null : cd.blockedBy();
        String summary = switch (kind) {
            case COOLDOWN -> cooldownSummary(ref, e, cd, blockedBy, run);
            case NO_CREDENTIALS -> "fallback " + ref + " has no credentials: skipped without a request in " + Texts.shortRun(run);
            case UNKNOWN_MODEL -> "fallback " + ref + " is not a model the gateway knows: skipped in " + Texts.shortRun(run);
        };
        sink.signal(new Signal(IncidentType.FALLBACK_SKIPPED, Severity.WARNING,
                Labels.of("provider", provider, "model", model, "reason", kind.label(),
                        "profile", cd == null ? null : cd.profile(), "blocked_by", blockedBy),
                key, summary, Texts.evidence(e), t));
    }

    /**
     * "fakeoa/ok was skipped without a request: auth profile sha256:… is in cooldown (rate_limit) until 12:00:30Z
     * because fakeoa/rl-429 failed; fakeoa/ok had no failure of its own (run 1a2b3c4d)".
     */
    private static String cooldownSummary(String ref, GatewayEvent e, Cooldown cd, String blockedBy, String run) {
        StringBuilder sb = new StringBuilder("fallback ").append(ref).append(" was skipped without a request: ");
        String profile = cd == null ? null : cd.profile();
        sb.append(profile == null ? "its provider's auth profile" : "auth profile " + profile);
        sb.append(cd != null && "disabled".equals(cd.windowType()) ? " is disabled" : " is in cooldown");
        String reason = cd != null && cd.reason() != null ? cd.reason() : e.reason();
        if (!Texts.blank(reason)) sb.append(" (").append(reason).append(')');
        if (cd != null && cd.until() != null) sb.append(" until ").append(cd.until());
        if (blockedBy != null) {
            sb.append(" because ").append(blockedBy).append(" failed; ").append(ref)
                    .append(" had no failure of its own");
        }
        return sb.append(" (").append(Texts.shortRun(run)).append(')').toString();
    }
}
