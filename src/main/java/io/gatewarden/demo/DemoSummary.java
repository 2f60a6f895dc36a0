package io.gatewarden.demo;

import io.gatewarden.act.JournalEntry;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.alert.AlertSettings;
import io.gatewarden.alert.AlertStats;
import io.gatewarden.time.Durations;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.gateway.ConfigWriteLog;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of the demo: what happened, checked against gatewarden's own records (incident tracker, action journal,
 * the edited openclaw.json, alert delivery counters), the incidents, the journal, and where every file is.
 */
final class DemoSummary {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Narrator out;
    private final Daemon daemon;
    private final Milestones m;
    private final DemoLayout layout;
    private final DemoRun.Options options;
    private final Duration elapsed;

    DemoSummary(Narrator out, Daemon daemon, Milestones m, DemoLayout layout, DemoRun.Options options, Duration elapsed) {
        this.out = out;
        this.daemon = daemon;
        this.m = m;
        this.layout = layout;
        this.options = options;
        this.elapsed = elapsed;
    }

    /** @return true when every step of the story happened */
    boolean print() {
        List<Incident> incidents = incidents();
        List<JournalEntry> journal = daemon.journal().readAll();
        String primaryNow = primaryNow();
        String p = m.primary();
        long alertsDelivered = alertsDelivered();

        out.blank();
        out.say(out.bold("── Summary (" + Durations.format(elapsed.withNanos(0)) + ") " + "─".repeat(80)));
        out.say("What happened, checked against gatewarden's own records:");
        List<Boolean> checks = new ArrayList<>();
        check(checks, m.rateLimited() && has(incidents, IncidentType.PROVIDER_RATE_LIMITED),
                "incident provider_rate_limited opened for " + p + " at the storm's first failed request");
        check(checks, m.breakerOpened(), "breaker " + p + " opened (3 failed requests in a row)");
        check(checks, m.switchedTo() != null && confirmed(journal, PrimarySwitcher.SWITCH),
                "primary switched " + p + " → " + (m.switchedTo() == null ? "?" : m.switchedTo())
                        + " in openclaw.json and applied by the gateway (journal: written, confirmed)");
        check(checks, alertsDelivered > 0, "alerts printed by gatewarden's console receiver: " + alertsDelivered);
        check(checks, m.chainExhausted() && has(incidents, IncidentType.CHAIN_EXHAUSTED),
                "incident chain_exhausted (critical) for the run whose every rung failed");
        check(checks, m.breakerClosedAgain(), "breaker " + p + " closed again after the recovery (half-open, then a model probe answered)");
        check(checks, m.failedBack() && confirmed(journal, PrimarySwitcher.FAIL_BACK) && p.equals(primaryNow),
                "failed back to " + p + " and applied by the gateway; openclaw.json says primary " + primaryNow);
        boolean quiet = incidents.stream().noneMatch(i -> i.isOpen() && i.type() != IncidentType.CHAIN_MISCONFIGURED);
        check(checks, quiet, "every incident of the storm resolved after its quiet period");

        out.blank();
        out.say("Incidents (" + incidents.size() + "):");
        for (Incident i : incidents) {
            Duration lasted = Duration.between(i.startsAt(), i.endsAt() != null ? i.endsAt() : i.lastSeenAt());
            out.say(String.format("  %-8s %-22s %-8s %-28s ×%-3d %s", i.isOpen() ? "OPEN" : "resolved", i.type().wireName(),
                    i.severity().name().toLowerCase(), where(i.labels()), i.occurrences(),
                    i.isOpen() ? "still open: " + clip(i.summary(), 70) : "lasted " + Durations.format(lasted.withNanos(0))));
        }

        out.blank();
        out.say("Action journal (" + layout.journal() + "):");
        int declined = 0;
        for (JournalEntry e : journal) {
            if ("declined".equals(e.decision())) {
                declined++;
                continue;
            }
            out.say(String.format("  %s  %-15s %-9s %-10s %s", e.time() == null ? "--:--:--" : HMS.format(e.time()), e.action(),
                    e.decision(), e.outcome(), change(e)));
        }
        if (declined > 0) {
            out.say("  + " + declined + " declined decision(s), also journalled with their reason (e.g. waiting for the fail-back dwell)");
        }

        out.blank();
        out.say("Files (kept after the demo):");
        out.say("  demo dir        " + layout.dir());
        out.say("  gatewarden.yaml " + layout.configFile() + "   (what gatewarden ran with: the defaults, shorter waits)");
        out.say("  gateway log     " + layout.log());
        out.say("  openclaw.json   " + layout.openclawJson() + "   (primary now: " + primaryNow + ")");
        List<Path> backups = layout.backups();
        for (Path b : backups) out.say("  backup          " + b);
        out.say("  state dir       " + layout.stateDir() + "   (incidents, breakers, switcher state, alert outbox)");
        out.say("  journal         " + layout.journal());
        boolean complete = checks.stream().allMatch(Boolean::booleanValue);
        out.blank();
        if (!complete) out.say("Some steps did not happen (marked [ ] above): the story is incomplete.");
        if (options.stay() && options.httpPort() > 0) {
            out.say("Still running: status page http://127.0.0.1:" + options.httpPort() + "/ — press Ctrl-C to stop.");
        } else if (options.httpPort() > 0) {
            out.say("Run `gatewarden demo --stay` to keep it running and browse the status page afterwards.");
        }
        return complete;
    }

    private void check(List<Boolean> checks, boolean ok, String what) {
        checks.add(ok);
        out.say("  [" + (ok ? "x" : " ") + "] " + what);
    }

    private List<Incident> incidents() {
        Map<String, Incident> byId = new LinkedHashMap<>();
        for (Incident i : daemon.incidents().recent()) byId.put(i.id(), i);
        for (Incident i : daemon.incidents().open()) byId.put(i.id(), i);
        List<Incident> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(Incident::startsAt));
        return all;
    }

    private static boolean has(List<Incident> incidents, IncidentType type) {
        return incidents.stream().anyMatch(i -> i.type() == type);
    }

    private static boolean confirmed(List<JournalEntry> journal, String action) {
        boolean written = journal.stream().anyMatch(e -> action.equals(e.action()) && "written".equals(e.outcome()));
        boolean confirmed = journal.stream().anyMatch(e -> action.equals(e.action()) && "confirmed".equals(e.outcome()));
        return written && confirmed;
    }

    private long alertsDelivered() {
        AlertStats.ReceiverStats r = daemon.alerts().stats().receiver(AlertSettings.DEFAULT_RECEIVER);
        return r == null ? 0 : r.delivered();
    }

    private String primaryNow() {
        try {
            return Json5Editor.valueAt(Files.readString(layout.openclawJson()), GatewaySimulator.PRIMARY_PATH).asText();
        } catch (Exception e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private static String change(JournalEntry e) {
        List<ConfigWriteLog.Change> changes = e.changes();
        if (changes != null && !changes.isEmpty()) {
            ConfigWriteLog.Change c = changes.get(0);
            return c.path() + ": " + text(c.before()) + " → " + text(c.after());
        }
        return e.reason() == null ? "" : clip(e.reason(), 90);
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n) {
        return n == null ? "-" : n.isTextual() ? n.asText() : n.toString();
    }

    private static String where(Map<String, String> labels) {
        String p = labels.get("provider");
        String model = labels.get("model");
        if (p != null && model != null) return model.startsWith(p + "/") ? model : p + "/" + model;
        return p != null ? p : labels.getOrDefault("gateway", "");
    }

    private static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
