package io.gatewarden.act;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code paid_budget} alerts of {@link PaidCallBudget}: a warning when a credential reaches {@code warn_at} of its
 * day's budget, critical when it is spent. A budget stays spent all day, so the alert is re-signalled every minute (an
 * incident quiet for {@code incidents.quiet_period} would resolve) and resolved when the day ends. Repeats carry the
 * same occurrence key, so the incident counts one occurrence per credential, level and day.
 */
final class BudgetAlerts {
    static final Duration RESIGNAL_EVERY = Duration.ofMinutes(1);

    private final String gateway;
    private final SpendSettings.Budget settings;
    private final Clock clock;
    private volatile IncidentSink sink;
    private Instant lastResignal = Instant.MIN;

    BudgetAlerts(String gateway, SpendSettings.Budget settings, Clock clock) {
        this.gateway = gateway;
        this.settings = settings;
        this.clock = clock;
    }

    void setSink(IncidentSink sink) {
        this.sink = sink;
    }

    /** A credential crossed a threshold with its latest call. */
    void crossed(PaidCallBudget.Crossed crossed, PaidCallBudget.Usage usage, String day) {
        if (crossed != PaidCallBudget.Crossed.NONE) signal(usage, day);
    }

    /** Keeps every warned or spent credential's alert open (call about once a second; it signals once a minute). */
    void resignal(List<PaidCallBudget.Usage> usage, String day) {
        Instant now = clock.instant();
        if (now.isBefore(lastResignal.plus(RESIGNAL_EVERY)) && !now.isBefore(lastResignal)) return;
        lastResignal = now;
        for (PaidCallBudget.Usage u : usage) if (u.warned() || u.spent()) signal(u, day);
    }

    /** The day ended: yesterday's alerts resolve. */
    void dayEnded(List<PaidCallBudget.Usage> yesterday) {
        IncidentSink s = sink;
        if (s == null) return;
        for (PaidCallBudget.Usage u : yesterday) {
            if (u.warned() || u.spent()) s.resolve(IncidentType.PAID_BUDGET, labels(u.credential()), clock.instant(),
                    "a new day: the paid-call budget is fresh");
        }
    }

    private void signal(PaidCallBudget.Usage u, String day) {
        IncidentSink s = sink;
        if (s == null) return;
        String what = u.spent() ? "has spent its daily paid-call budget (" + u.calls() + " of " + u.limit() + ")"
                + (settings.actWhenSpent() ? "; gatewarden puts paid rungs behind local and free ones until the next day" : "")
                : "has made " + Math.round(u.calls() * 100.0 / u.limit()) + " % (" + u.calls() + " of " + u.limit() + ") of its daily paid-call budget";
        s.signal(new Signal(IncidentType.PAID_BUDGET, u.spent() ? Severity.CRITICAL : Severity.WARNING, labels(u.credential()),
                u.credential() + "|" + day + "|" + (u.spent() ? "spent" : "warned"),
                "credential " + u.credential() + " " + what + " (" + day + ", " + settings.zone() + ")", null, clock.instant()));
    }

    private Map<String, String> labels(String credential) {
        return Labels.of("credential", credential, "source", "gatewarden", "gateway", gateway);
    }
}
