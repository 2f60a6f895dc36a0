package io.gatewarden.detect;

import io.gatewarden.run.RunModel;
import io.gatewarden.util.BoundedLru;
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
 * quota_exhausted (critical): a provider account is out of credits (reason billing / insufficient_quota), usually with
 * its auth profile disabled by the gateway ({@code auth_profile_failure_state_updated} windowType=disabled).
 * <p>
 * Labels: provider and auth profile. Most lines do not name the profile, so the detector remembers the profile last
 * disabled for billing per provider and uses it for the provider's later lines. The failed model attempt line is not a
 * source: it comes before the profile line and would open a second, profile-less incident. One occurrence per run.
 */
public final class QuotaExhaustedDetector implements Detector {
    private static final Set<EventType> SOURCES = EnumSet.of(EventType.PROFILE_FAILURE_STATE,
            EventType.RUN_FAILOVER_DECISION, EventType.FALLBACK_CANDIDATE_FAILED, EventType.FALLBACK_CANDIDATE_SKIPPED,
            EventType.CHAIN_EXHAUSTED);

    private final DetectSettings.Quota settings;
    private final RunModel runs;
    private final BoundedLru<String, String> profileByProvider;
    private final BoundedLru<String, Instant> disabledUntil;

    public QuotaExhaustedDetector(DetectSettings s, RunModel runs) {
        this.settings = s.quotaExhausted();
        this.runs = runs;
        this.profileByProvider = new BoundedLru<>(s.maxTrackedKeys());
        this.disabledUntil = new BoundedLru<>(s.maxTrackedKeys());
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        if (!SOURCES.contains(e.type()) || e.provider() == null || !Texts.reasonIn(e.reason(), settings.reasons())) return;
        Instant t = runs.timeOf(e);
        if (t == null) return;
        String provider = e.provider();
        String profile = e.profile();
        if (profile != null) profileByProvider.put(provider, profile);
        else profile = profileByProvider.get(provider);
        String key = provider + "|" + profile;
        Instant until = Texts.instant(e.attr("disabledUntil"));
        if (until != null) disabledUntil.put(key, until);
        else until = disabledUntil.get(key);
        String run = runs.runOf(e);
        StringBuilder summary = new StringBuilder(provider).append(" is out of quota (").append(e.reason()).append(')');
        if (profile != null) summary.append(": auth profile ").append(profile);
        if (until != null && until.isAfter(t)) summary.append(profile != null ? " " : ": ").append("disabled until ").append(until);
        String evidence = Texts.evidence(e);
        if (e.attr("disabledUntil") != null && until != null && (evidence == null || !evidence.contains(until.toString()))) {
            evidence = "disabledUntil=" + until + " | " + evidence;
        }
        sink.signal(new Signal(IncidentType.QUOTA_EXHAUSTED, Severity.CRITICAL, Labels.of("provider", provider, "profile", profile),
                Texts.runKey(run), summary.toString(), evidence, t));
    }
}
