package io.gatewarden.alert;

import io.gatewarden.time.Durations;

import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

/**
 * Block Kit layout of an alert group: what happened, where, how often, evidence, what gatewarden did or suggests,
 * the runbook, and the model chain with breaker states. Slack's limits are respected: header ≤ 150 chars,
 * section text ≤ 3000, ≤ 10 fields of ≤ 2000 chars each, ≤ 50 blocks.
 */
final class SlackRender {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int SECTION_MAX = 2900;
    /** Slack refuses a message whose section field is longer than 2000 chars. */
    private static final int FIELD_MAX = 2000;

    private final int maxAlertsShown;

    SlackRender(int maxAlertsShown) {
        this.maxAlertsShown = maxAlertsShown;
    }

    /** The full message: a new parent, a webhook-mode message, or the parent edited when the group resolved. */
    List<LayoutBlock> full(Notification n) {
        if (n.kind() == Notification.Kind.DIGEST && !n.alerts().isEmpty()) {
            AlertView d = n.alerts().get(0);
            String text = ":bar_chart: *" + d.summary() + "*" + (d.evidence().isEmpty() ? "" : "\n• " + String.join("\n• ", d.evidence()));
            return List.of(section(s -> s.text(markdownText(cut(text, SECTION_MAX)))));
        }
        List<LayoutBlock> blocks = new ArrayList<>();
        boolean resolved = n.firingCount() == 0;
        AlertView top = top(n);
        blocks.add(header(h -> h.text(plainText(cut(title(n), 150), true))));
        if (top != null) {
            String what = "*What happened*\n" + esc(top.summary());
            if (n.alerts().size() > 1 || n.firingCount() + n.resolvedCount() > 1) {
                what += "\n_" + (n.firingCount() + n.resolvedCount()) + " incidents in this group_";
            }
            if (resolved) what += "\n:white_check_mark: Resolved" + (top.endsAt() != null ? " at " + HHMM.format(top.endsAt()) : "")
                    + " after " + Durations.span(span(n));
            String whatText = what;
            blocks.add(section(s -> s.text(markdownText(cut(whatText, SECTION_MAX)))));
            List<TextObject> fields = new ArrayList<>();
            for (String l : List.of("provider", "model", "profile", "session", "agent")) {
                String v = values(n, l);
                if (v != null) fields.add(markdownText(cut("*" + cap(l) + "*\n" + esc(v), FIELD_MAX)));
            }
            fields.add(markdownText("*Severity*\n" + n.topSeverity()));
            fields.add(markdownText("*How often*\n" + howOften(n)));
            blocks.add(section(s -> s.fields(fields.subList(0, Math.min(10, fields.size())))));
            if (!top.evidence().isEmpty()) {
                String ev = "*Evidence*\n```" + String.join("\n", top.evidence().stream().map(e -> cut(e, 400)).toList()) + "```";
                blocks.add(section(s -> s.text(markdownText(cut(ev, SECTION_MAX - 3) + (ev.length() > SECTION_MAX - 3 ? "```" : "")))));
            }
            String acts = actions(top);
            if (acts != null) blocks.add(section(s -> s.text(markdownText(cut(acts, SECTION_MAX)))));
        }
        String chain = chain(n.chain());
        if (chain != null) blocks.add(section(s -> s.text(markdownText(cut(chain, SECTION_MAX)))));
        if (n.alerts().size() > 1) {
            blocks.add(divider());
            String list = "*Incidents*\n" + alertLines(n.alerts(), null, n.firingCount() + n.resolvedCount());
            blocks.add(section(s -> s.text(markdownText(cut(list, SECTION_MAX)))));
        }
        blocks.add(footer(n, top));
        return blocks.size() > 50 ? blocks.subList(0, 50) : blocks;
    }

    /** A thread reply: what changed since the last message of this group. */
    List<LayoutBlock> reply(Notification n) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String head;
        Set<String> changed = new LinkedHashSet<>();
        Notification.Changes c = n.changes();
        switch (n.kind()) {
            case RESOLVED -> head = ":white_check_mark: *Resolved*: all " + n.resolvedCount() + " incident(s) of this group ended after " + Durations.span(span(n)) + ".";
            case REPEAT -> head = ":repeat: *Still firing*: " + n.firingCount() + " incident(s), " + howOften(n) + ".";
            default -> {
                List<String> parts = new ArrayList<>();
                if (!c.newFiring().isEmpty()) parts.add("+" + c.newFiring().size() + " new");
                if (!c.escalated().isEmpty()) parts.add(c.escalated().size() + " escalated");
                if (!c.newlyResolved().isEmpty()) parts.add(c.newlyResolved().size() + " resolved");
                head = ":arrows_counterclockwise: *Update*: " + (parts.isEmpty() ? "changed" : String.join(", ", parts))
                        + " — now " + n.firingCount() + " firing.";
                changed.addAll(c.newFiring());
                changed.addAll(c.escalated());
                changed.addAll(c.newlyResolved());
            }
        }
        String headText = head;
        blocks.add(section(s -> s.text(markdownText(cut(headText, SECTION_MAX)))));
        if (!changed.isEmpty()) {
            String list = alertLines(n.alerts(), changed, changed.size());
            if (!list.isBlank()) blocks.add(section(s -> s.text(markdownText(cut(list, SECTION_MAX)))));
        }
        AlertView top = top(n);
        if (n.kind() != Notification.Kind.RESOLVED && top != null && !top.evidence().isEmpty()) {
            String ev = "*Latest evidence*\n```" + cut(top.evidence().get(top.evidence().size() - 1), 600) + "```";
            blocks.add(section(s -> s.text(markdownText(ev))));
        }
        if (n.kind() != Notification.Kind.RESOLVED) {
            String acts = top == null ? null : actions(top);
            if (acts != null && !top.actions().isEmpty()) blocks.add(section(s -> s.text(markdownText(cut(acts, SECTION_MAX)))));
            String chain = chain(n.chain());
            if (chain != null) blocks.add(section(s -> s.text(markdownText(cut(chain, SECTION_MAX)))));
        }
        return blocks;
    }

    /** The plain-text fallback Slack shows in notifications and to screen readers. */
    String fallbackText(Notification n, boolean reply) {
        if (n.kind() == Notification.Kind.DIGEST && !n.alerts().isEmpty()) return cut(n.alerts().get(0).summary(), 300);
        AlertView top = top(n);
        String s = reply ? replyTitle(n) : title(n);
        if (top != null) s += " — " + top.summary();
        return cut(s, 300);
    }

    private static String replyTitle(Notification n) {
        return switch (n.kind()) {
            case RESOLVED -> "Resolved: " + name(n);
            case REPEAT -> "Still firing: " + name(n);
            default -> "Update: " + name(n) + " (" + n.firingCount() + " firing)";
        };
    }

    static String title(Notification n) {
        boolean resolved = n.firingCount() == 0;
        String icon = resolved ? "✅" : switch (n.topSeverity()) {
            case "critical" -> "🔴";
            case "warning" -> "🟠";
            default -> "🔵";
        };
        return icon + " " + (resolved ? "RESOLVED" : "FIRING") + " · " + name(n);
    }

    private static String name(Notification n) {
        String alertname = n.groupLabels().getOrDefault("alertname", n.commonLabels().get("alertname"));
        String where = n.groupLabels().entrySet().stream().filter(e -> !e.getKey().equals("alertname"))
                .map(java.util.Map.Entry::getValue).reduce((a, b) -> a + " · " + b).orElse("");
        String base = alertname == null ? "alert group" : alertname;
        return where.isEmpty() ? base : base + " · " + where;
    }

    private static AlertView top(Notification n) {
        return n.alerts().isEmpty() ? null : n.alerts().get(0);
    }

    private static String values(Notification n, String label) {
        Set<String> vs = new LinkedHashSet<>();
        for (AlertView a : n.alerts()) {
            String v = a.label(label);
            if (v != null) vs.add(v);
        }
        if (vs.isEmpty()) return null;
        if (vs.size() == 1) return vs.iterator().next();
        return vs.size() + " different (" + String.join(", ", vs.stream().limit(3).toList()) + (vs.size() > 3 ? ", …" : "") + ")";
    }

    private static String howOften(Notification n) {
        long occ = 0;
        Instant first = null;
        for (AlertView a : n.alerts()) {
            occ += a.occurrences();
            if (a.startsAt() != null && (first == null || a.startsAt().isBefore(first))) first = a.startsAt();
        }
        String s = occ + "× over " + Durations.span(span(n));
        return first == null ? s : s + " (since " + HHMM.format(first) + ")";
    }

    private static Duration span(Notification n) {
        Instant first = null;
        Instant last = null;
        for (AlertView a : n.alerts()) {
            if (a.startsAt() != null && (first == null || a.startsAt().isBefore(first))) first = a.startsAt();
            Instant end = a.endsAt() != null ? a.endsAt() : a.lastSeenAt();
            if (end != null && (last == null || end.isAfter(last))) last = end;
        }
        return first == null || last == null ? Duration.ZERO : Duration.between(first, last);
    }

    private static String actions(AlertView a) {
        if (!a.actions().isEmpty()) {
            return "*What gatewarden did*\n" + String.join("\n", a.actions().stream().limit(8).map(x -> "• " + esc(x)).toList());
        }
        String s = Suggestions.forType(a.alertname());
        return s == null ? null : "*Suggested*\n" + esc(s);
    }

    static String chain(List<ChainRungView> chain) {
        if (chain.isEmpty()) return null;
        StringBuilder sb = new StringBuilder("*Chain*\n");
        int i = 1;
        for (ChainRungView r : chain) {
            if (i > 12) {
                sb.append("…\n");
                break;
            }
            String state = r.breakerState() == null ? "unknown" : r.breakerState();
            String dot = switch (state) {
                case "closed" -> ":large_green_circle:";
                case "open" -> ":red_circle:";
                case "half_open" -> ":large_yellow_circle:";
                default -> ":white_circle:";
            };
            sb.append(i++).append(". ").append(dot).append(' ').append(esc(r.provider())).append('/').append(esc(r.model()));
            if (r.profile() != null) sb.append(" (").append(esc(r.profile())).append(')');
            sb.append(" `").append(state).append('`');
            if (r.primary()) sb.append(" _primary_");
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private String alertLines(List<AlertView> alerts, Set<String> only, int total) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (AlertView a : alerts) {
            if (only != null && !only.contains(a.id())) continue;
            if (shown >= maxAlertsShown) break;
            String icon = !a.firing() ? ":white_check_mark:" : "critical".equals(a.severity()) ? ":red_circle:" : "warning".equals(a.severity()) ? ":large_orange_circle:" : ":large_blue_circle:";
            sb.append("• ").append(icon).append(' ').append(a.severity()).append(' ');
            String place = List.of("provider", "model", "session").stream().filter(a.labels()::containsKey)
                    .map(k -> k + "=" + a.labels().get(k)).reduce((x, y) -> x + " " + y).orElse("");
            if (!place.isEmpty()) sb.append('`').append(esc(place)).append("` ");
            sb.append("— ").append(esc(cut(a.summary(), 200))).append(" (").append(a.occurrences()).append("×)\n");
            shown++;
        }
        if (total > shown) sb.append("_… and ").append(total - shown).append(" more_");
        return sb.toString().stripTrailing();
    }

    private ContextBlockElement footerText(String s) {
        return markdownText(cut(s, SECTION_MAX));
    }

    private LayoutBlock footer(Notification n, AlertView top) {
        List<String> parts = new ArrayList<>();
        if (top != null && top.runbookUrl() != null) parts.add("<" + top.runbookUrl() + "|Runbook: " + top.alertname() + ">");
        if (n.externalUrl() != null) parts.add("<" + n.externalUrl() + "|gatewarden>");
        parts.add("key `" + n.idempotencyKey().substring(0, Math.min(8, n.idempotencyKey().length())) + "`");
        String text = String.join(" · ", parts);
        return context(c -> c.elements(List.of(footerText(text))));
    }

    /** Slack mrkdwn needs only &, < and > escaped. */
    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** At most {@code max} chars, "…" marking a cut; never splits a surrogate pair (an emoji would become a lone half). */
    static String cut(String s, int max) {
        if (s == null) return "";
        if (s.length() <= max) return s;
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }
}
