package io.gatewarden.demo;

import io.gatewarden.act.ActionListener;
import io.gatewarden.act.ActionOutcome;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.breaker.BreakerListener;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.breaker.BreakerTransition;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentType;

/**
 * Which steps of the story gatewarden actually took, as it reported them to its listeners. The summary checks
 * them again against the files (journal, openclaw.json); the exit code says whether the whole story happened.
 */
final class Milestones implements IncidentListener, BreakerListener, ActionListener {
    private final String primary;
    private volatile boolean rateLimited;
    private volatile boolean breakerOpened;
    private volatile String switchedTo;
    private volatile boolean chainExhausted;
    private volatile boolean breakerClosedAgain;
    private volatile boolean failedBack;

    Milestones(String primary) {
        this.primary = primary;
    }

    @Override
    public void opened(Incident i) {
        if (i.type() == IncidentType.PROVIDER_RATE_LIMITED && primary.equals(ref(i))) rateLimited = true;
        if (i.type() == IncidentType.CHAIN_EXHAUSTED) chainExhausted = true;
    }

    @Override
    public void onTransition(BreakerTransition t) {
        if (!t.key().modelRef().equals(primary)) return;
        if (t.to() == BreakerStatus.OPEN) breakerOpened = true;
        if (t.to() == BreakerStatus.CLOSED && breakerOpened) breakerClosedAgain = true;
    }

    @Override
    public void onOutcome(ActionOutcome o) {
        if (!"confirmed".equals(o.outcome())) return;
        if (PrimarySwitcher.SWITCH.equals(o.action()) && primary.equals(o.from())) switchedTo = o.to();
        if (PrimarySwitcher.FAIL_BACK.equals(o.action()) && primary.equals(o.to())) failedBack = true;
    }

    private static String ref(Incident i) {
        String p = i.labels().get("provider");
        String m = i.labels().get("model");
        return p == null || m == null ? null : m.startsWith(p + "/") ? m : p + "/" + m;
    }

    String primary() { return primary; }
    boolean rateLimited() { return rateLimited; }
    boolean breakerOpened() { return breakerOpened; }
    String switchedTo() { return switchedTo; }
    boolean chainExhausted() { return chainExhausted; }
    boolean breakerClosedAgain() { return breakerClosedAgain; }
    boolean failedBack() { return failedBack; }
}
