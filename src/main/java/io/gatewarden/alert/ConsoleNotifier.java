package io.gatewarden.alert;

import io.gatewarden.time.Durations;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The embedded default: one readable line per notification, on stdout or in the log. */
final class ConsoleNotifier implements Notifier {
    private final AlertSettings.Console settings;
    private final PrintStream out;
    private final AlertLog log;

    ConsoleNotifier(AlertSettings.Console settings, PrintStream out, AlertLog log) {
        this.settings = settings;
        this.out = out;
        this.log = log;
    }

    @Override
    public DeliveryResult notify(Notification n) {
        String line = log.redactor().scrub(format(n));
        if (settings.target().equals("log")) {
            log.info(line);
        } else {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
        return DeliveryResult.delivered();
    }

    /** e.g. {@code [alert] FIRING critical provider_rate_limited provider=anthropic: 3 firing (+1 new) — Anthropic answers 429 (12×, 4m) [key 1a2b3c4d]}. */
    static String format(Notification n) {
        if (n.kind() == Notification.Kind.DIGEST && !n.alerts().isEmpty()) {
            AlertView d = n.alerts().get(0);
            return "[digest] " + d.summary() + (d.evidence().isEmpty() ? "" : "\n  " + String.join("\n  ", d.evidence()));
        }
        StringBuilder sb = new StringBuilder("[alert] ");
        sb.append(n.kind() == Notification.Kind.ALERTMANAGER ? "BATCH" : n.kind().name()).append(' ');
        sb.append(n.topSeverity()).append(' ');
        String name = n.groupLabels().getOrDefault("alertname", n.commonLabels().getOrDefault("alertname", "alerts"));
        sb.append(name);
        String where = n.groupLabels().entrySet().stream().filter(e -> !e.getKey().equals("alertname"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        if (!where.isEmpty()) sb.append(' ').append(where);
        sb.append(": ").append(n.firingCount()).append(" firing");
        if (n.resolvedCount() > 0) sb.append(", ").append(n.resolvedCount()).append(" resolved");
        Notification.Changes c = n.changes();
        if (!c.newFiring().isEmpty() && n.kind() != Notification.Kind.FIRING) sb.append(" (+").append(c.newFiring().size()).append(" new)");
        if (!c.escalated().isEmpty()) sb.append(" (").append(c.escalated().size()).append(" escalated)");
        AlertView first = n.alerts().isEmpty() ? null : n.alerts().get(0);
        if (first != null) {
            sb.append(" — ").append(first.summary().replaceAll("\\s+", " "));
            sb.append(" (").append(first.occurrences()).append("×");
            if (first.startsAt() != null && first.lastSeenAt() != null) {
                sb.append(", ").append(Durations.span(Duration.between(first.startsAt(), first.endsAt() != null ? first.endsAt() : first.lastSeenAt())));
            }
            sb.append(')');
            String place = where(first.labels());
            if (!place.isEmpty()) sb.append(" at ").append(place);
            if (!first.actions().isEmpty()) sb.append("; did: ").append(String.join("; ", first.actions()));
        }
        sb.append(" [").append(n.receiver()).append(' ').append(n.idempotencyKey(), 0, Math.min(8, n.idempotencyKey().length())).append(']');
        return sb.toString();
    }

    private static String where(Map<String, String> labels) {
        return java.util.stream.Stream.of("provider", "model", "profile", "session")
                .filter(labels::containsKey).map(k -> k + "=" + labels.get(k)).collect(Collectors.joining(" "));
    }

    @Override
    public String describe() {
        return "console (" + settings.target().toLowerCase(Locale.ROOT) + ")";
    }
}
