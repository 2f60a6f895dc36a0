package io.gatewarden.daemon;

import io.gatewarden.act.ActionJournal;
import io.gatewarden.act.JournalEntry;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.alert.AlertContext;
import io.gatewarden.alert.ChainRungView;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.incident.Incident;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What alerts say about gatewarden's own actions and the breakers, from memory only (the journal's tail). */
final class DaemonAlertContext implements AlertContext {
    private final ActionJournal journal;
    private final PrimarySwitcher switcher;
    private final BreakerRegistry breakers;

    /** @param switcher null while switching is off (the gateway config was unreadable at start) */
    DaemonAlertContext(ActionJournal journal, PrimarySwitcher switcher, BreakerRegistry breakers) {
        this.journal = journal;
        this.switcher = switcher;
        this.breakers = breakers;
    }

    @Override
    public List<String> actionsFor(Incident incident) {
        return recentActionsFor(incident.id());
    }

    /**
     * What gatewarden did about an incident, one line per step, for alerts ("did: ..."): actions taken and their
     * results, e.g. {@code switch_primary confirmed fakeoa/rl-429 → fakeanth/ovl-529 at 2026-11-23T12:02:15Z}.
     * Declined decisions are not things it did (they stay in the journal); a decision whose result is known is
     * told by its result.
     */
    List<String> recentActionsFor(String incidentId) {
        List<JournalEntry> mine = journal.recent(200).stream()
                .filter(e -> incidentId.equals(e.incidentId()) && !"declined".equals(e.decision()))
                .toList();
        Set<String> withResult = mine.stream()
                .filter(e -> "result".equals(e.decision()) && e.actionId() != null)
                .map(JournalEntry::actionId).collect(Collectors.toSet());
        return mine.stream()
                .filter(e -> !"taken".equals(e.decision()) || e.actionId() == null || !withResult.contains(e.actionId()))
                .map(DaemonAlertContext::describeAction)
                .toList();
    }

    private static String describeAction(JournalEntry e) {
        StringBuilder sb = new StringBuilder(e.action()).append(' ').append(e.outcome());
        boolean routine = Set.of("written", "confirmed", "dry_run").contains(e.outcome());
        if (e.changes() != null && !e.changes().isEmpty()) {
            var c = e.changes().get(0);
            sb.append(' ').append(valueText(c.before())).append(" → ").append(valueText(c.after()));
        }
        if (e.time() != null) sb.append(" at ").append(e.time().truncatedTo(ChronoUnit.SECONDS));
        if ((!routine || e.changes() == null || e.changes().isEmpty()) && e.reason() != null) sb.append(": ").append(e.reason());
        return sb.toString();
    }

    private static String valueText(com.fasterxml.jackson.databind.JsonNode v) {
        return v == null || v.isNull() ? "-" : v.isTextual() ? v.asText() : v.toString();
    }

    @Override
    public List<ChainRungView> chain() {
        String primary = switcher == null ? null : switcher.currentPrimary();
        List<ChainRungView> out = new ArrayList<>();
        for (BreakerSnapshot b : breakers.snapshot()) {
            String model = b.model();
            int slash = model.indexOf('/');
            out.add(new ChainRungView(slash > 0 ? model.substring(0, slash) : null, slash > 0 ? model.substring(slash + 1) : model,
                    b.profile(), b.status().wireName(), model.equals(primary)));
        }
        return out;
    }
}
