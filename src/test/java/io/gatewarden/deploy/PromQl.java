package io.gatewarden.deploy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names gatewarden exports, and a small reader that finds the metric names a PromQL expression uses.
 * The list is the daemon's metrics contract: renaming a metric must break MonitoringRulesTest until the dashboard
 * and the rules follow.
 */
final class PromQl {
    private PromQl() {}

    /** Every metric gatewarden exports (/q/metrics), with its labels in the comment. */
    static final Set<String> GATEWARDEN_METRICS = Set.of(
            "gatewarden_events_total",              // {type}
            "gatewarden_lines_total",
            "gatewarden_lines_malformed_total",
            "gatewarden_lines_oversized_total",
            "gatewarden_incidents_open",            // {type, severity}
            "gatewarden_incidents_opened_total",    // {type}
            "gatewarden_breaker_state",             // {profile, model}: 0 closed, 1 half_open, 2 open
            "gatewarden_actions_total",             // {action, outcome}
            "gatewarden_alert_deliveries_total",    // {receiver, result}
            "gatewarden_alert_outbox_pending",      // {receiver}
            "gatewarden_tail_lag_bytes",            // {file}
            "gatewarden_tail_lag_seconds",          // {file}
            "gatewarden_probe_latency_seconds",     // {target}
            "gatewarden_state_save_failures_total",
            "gatewarden_dry_run",
            "gatewarden_info");                     // {version, gateway}

    /** Series Prometheus makes itself for every scrape target. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern TOKEN = Pattern.compile("\\d[\\w.]*|[A-Za-z_:][A-Za-z0-9_:]*|\\$\\{?\\w+}?");
    private static final Pattern ANY_GATEWARDEN = Pattern.compile("gatewarden_[A-Za-z0-9_]+");

    /** Metric names an expression selects: identifiers that are neither functions, keywords, labels nor numbers. */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ");   // label matchers
        s = s.replaceAll("\\[[^]]*]", " ");   // ranges and subqueries
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            String t = m.group();
            if (Character.isDigit(t.charAt(0)) || t.startsWith("$") || KEYWORDS.contains(t)) continue;
            if (s.substring(m.end()).stripLeading().startsWith("(")) continue; // a function or an aggregation
            names.add(t);
        }
        return names;
    }

    /** Every gatewarden_* word anywhere in the text, strings included (a typo in a label_values() query too). */
    static Set<String> gatewardenWords(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = ANY_GATEWARDEN.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** Names that are neither exported by gatewarden nor made by Prometheus. */
    static List<String> unknown(Set<String> names) {
        return names.stream().filter(n -> !GATEWARDEN_METRICS.contains(n) && !PROMETHEUS_SERIES.contains(n)).toList();
    }
}
