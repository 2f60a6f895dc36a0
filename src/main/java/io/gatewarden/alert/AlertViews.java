package io.gatewarden.alert;

import io.gatewarden.incident.Incident;
import io.gatewarden.secret.Redactor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns tracked alerts into what a notification shows: redacted text, bounded evidence and actions, the runbook,
 * and the chain from the {@link AlertContext}. Every notification kind builds its alerts here. Dispatcher thread only.
 */
final class AlertViews {
    static final int MAX_ACTIONS = 10;
    static final int MAX_EVIDENCE_CHARS = 1000;

    private final AlertSettings settings;
    private final AlertContext context;
    private final AlertLog log;
    private boolean contextFailureLogged;

    AlertViews(AlertSettings settings, AlertContext context, AlertLog log) {
        this.settings = settings;
        this.context = context;
        this.log = log;
    }

    AlertView view(TrackedAlert a) {
        Incident inc = a.incident();
        Redactor r = log.redactor();
        List<String> evidence = evidence(inc.evidence(), settings.limits().evidenceLines()).stream()
                .map(e -> SlackRender.cut(r.scrub(e), MAX_EVIDENCE_CHARS)).toList();
        List<String> actions = List.of();
        try {
            actions = context.actionsFor(inc).stream().limit(MAX_ACTIONS).map(r::scrub).toList();
        } catch (RuntimeException e) {
            contextFailed(e);
        }
        return new AlertView(inc.id(), a.isFiring() ? AlertView.FIRING : AlertView.RESOLVED, inc.type().wireName(),
                a.severity(), scrub(a.labels()), inc.startsAt(), inc.lastSeenAt(), inc.endsAt(), inc.occurrences(),
                r.scrub(inc.summary()), evidence, settings.runbookUrl(inc.type().wireName()), actions);
    }

    /** The first line (how it began) and the latest ones (how it is now). */
    static List<String> evidence(List<String> all, int max) {
        if (all == null || all.isEmpty() || max == 0) return List.of();
        if (all.size() <= max) return all;
        List<String> out = new ArrayList<>(max);
        out.add(all.get(0));
        out.addAll(all.subList(all.size() - (max - 1), all.size()));
        return out;
    }

    /** The fallback chain with its breaker states; none when the context fails (logged once). */
    List<ChainRungView> chain() {
        try {
            return context.chain();
        } catch (RuntimeException e) {
            contextFailed(e);
            return List.of();
        }
    }

    private void contextFailed(RuntimeException e) {
        if (!contextFailureLogged) {
            contextFailureLogged = true;
            log.warn("alert context failed; notifications go out without actions/chain: " + log.describe(e));
        }
    }

    Map<String, String> scrub(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> out.put(k, log.redactor().scrub(v)));
        return out;
    }

    /** The labels every view shares. */
    static Map<String, String> common(List<AlertView> views) {
        if (views.isEmpty()) return Map.of();
        Map<String, String> c = new TreeMap<>(views.get(0).labels());
        for (AlertView v : views) c.entrySet().removeIf(e -> !e.getValue().equals(v.labels().get(e.getKey())));
        return c;
    }

    String externalUrl() {
        return settings.externalUrl();
    }
}
