package io.gatewarden.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/prometheus/rules.yaml and deploy/grafana/gatewarden.json: they parse, use only metrics gatewarden exports
 * ({@link PromQl#GATEWARDEN_METRICS}), and every rule has a duration, a severity and a summary. With promtool
 * installed (Debian package "prometheus"), promtool also checks the rules, runs rules.test.yaml, and parses every
 * dashboard query.
 */
class MonitoringRulesTest {
    static final Path RULES = Path.of("deploy/prometheus/rules.yaml");
    static final Path RULE_TESTS = Path.of("deploy/prometheus/rules.test.yaml");
    static final Path DASHBOARD = Path.of("deploy/grafana/gatewarden.json");
    static final Pattern PROM_DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
    static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\s*\\)");

    // ---------------------------------------------------------------------------------------------------- rules

    @Test
    void everyRuleHasADurationASeverityAndASummary() throws Exception {
        List<JsonNode> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(7);
        Set<String> names = new HashSet<>();
        for (JsonNode r : rules) {
            String name = r.path("alert").asText();
            assertThat(name).as("only alerting rules here").isNotBlank();
            assertThat(names.add(name)).as("alert names unique: " + name).isTrue();
            assertThat(r.path("expr").asText()).as(name).isNotBlank();
            assertThat(r.path("for").asText()).as(name + ": for").matches(PROM_DURATION);
            assertThat(r.path("labels").path("severity").asText()).as(name + ": labels.severity").isIn("info", "warning", "critical");
            assertThat(r.path("annotations").path("summary").asText()).as(name + ": annotations.summary").isNotBlank();
            assertThat(r.path("annotations").path("description").asText()).as(name + ": annotations.description").isNotBlank();
        }
    }

    @Test
    void rulesUseOnlyKnownMetrics() throws Exception {
        for (JsonNode r : rules()) {
            String expr = r.path("expr").asText();
            Set<String> used = PromQl.metricNames(expr);
            assertThat(used).as(r.path("alert").asText() + " selects some series").isNotEmpty();
            assertThat(PromQl.unknown(used)).as(r.path("alert").asText() + ": " + expr).isEmpty();
            assertThat(PromQl.unknown(PromQl.gatewardenWords(expr))).as(expr).isEmpty();
        }
    }

    @Test
    void theRulesCoverWhatMustPageSomeone() throws Exception {
        Map<String, String> byExpr = new LinkedHashMap<>();
        for (JsonNode r : rules()) byExpr.put(r.path("expr").asText().replaceAll("\\s+", " ").strip(), r.path("alert").asText());
        String all = String.join("\n", byExpr.keySet());
        assertThat(byExpr).containsKey("up{job=\"gatewarden\"} == 0");
        assertThat(byExpr).containsKey("absent(up{job=\"gatewarden\"})");
        assertThat(all).contains("gatewarden_tail_lag_seconds").contains("gatewarden_alert_deliveries_total")
                .contains("gatewarden_state_save_failures_total");
        assertThat(byExpr.keySet()).anyMatch(e -> e.contains("gatewarden_breaker_state") && e.endsWith("== 2"));
        assertThat(byExpr.keySet()).anyMatch(e -> e.contains("gatewarden_incidents_open") && e.contains("severity=\"critical\""));
        assertThat(rules()).filteredOn(r -> r.path("expr").asText().contains("up{job=\"gatewarden\"}"))
                .allMatch(r -> r.path("labels").path("severity").asText().equals("critical"));
    }

    @Test
    void promtoolAcceptsAndTestsTheRules() throws Exception {
        Path promtool = requirePromtool();
        ExternalTool.Result check = ExternalTool.run(List.of(promtool.toString(), "check", "rules", RULES.toString()),
                Path.of("."), Duration.ofSeconds(60));
        assertThat(check.exitCode()).as(check.output()).isZero();
        ExternalTool.Result test = ExternalTool.run(List.of(promtool.toString(), "test", "rules", RULE_TESTS.toString()),
                Path.of("."), Duration.ofSeconds(60));
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    /** The promtool check above can fail: a rule whose summary no longer matches its test is caught. */
    @Test
    void promtoolRuleTestsCatchAChangedRule(@TempDir Path tmp) throws Exception {
        Path promtool = requirePromtool();
        Files.writeString(tmp.resolve("rules.yaml"), Files.readString(RULES).replace("> 120", "> 600"));
        Files.copy(RULE_TESTS, tmp.resolve("rules.test.yaml"));
        ExternalTool.Result test = ExternalTool.run(List.of(promtool.toString(), "test", "rules", "rules.test.yaml"),
                tmp, Duration.ofSeconds(60));
        assertThat(test.exitCode()).as(test.output()).isNotZero();
        assertThat(test.output()).contains("GatewardenTailLagHigh");
    }

    // ---------------------------------------------------------------------------------------------------- dashboard

    @Test
    void dashboardIsWellFormed() throws Exception {
        JsonNode d = dashboard();
        assertThat(d.path("uid").asText()).isEqualTo("gatewarden");
        assertThat(d.path("title").asText()).isNotBlank();
        assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        JsonNode ds = variable(d, "datasource").orElseThrow(() -> new AssertionError("no datasource variable"));
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");

        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels(d)) {
            String title = p.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(p.path("id").asInt())).as("panel ids unique: " + title).isTrue();
            for (String k : List.of("x", "y", "w", "h")) assertThat(p.path("gridPos").has(k)).as(title + " gridPos." + k).isTrue();
            assertThat(p.path("gridPos").path("x").asInt() + p.path("gridPos").path("w").asInt()).as(title).isLessThanOrEqualTo(24);
            if (p.path("type").asText().equals("row")) continue;
            assertThat(p.path("targets")).as(title + " has queries").isNotEmpty();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                assertThat(t.path("expr").asText()).as(title).isNotBlank();
            }
        }
    }

    @Test
    void dashboardUsesOnlyKnownMetricsAndShowsTheImportantOnes() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String expr : dashboardQueries()) {
            Set<String> names = PromQl.metricNames(expr);
            assertThat(names).as(expr).isNotEmpty();
            assertThat(PromQl.unknown(names)).as(expr).isEmpty();
            assertThat(PromQl.unknown(PromQl.gatewardenWords(expr))).as(expr).isEmpty();
            used.addAll(names);
        }
        String raw = Files.readString(DASHBOARD);
        assertThat(PromQl.unknown(PromQl.gatewardenWords(raw))).as("every gatewarden_* word in the JSON").isEmpty();
        assertThat(used).contains("gatewarden_incidents_open", "gatewarden_breaker_state", "gatewarden_actions_total",
                "gatewarden_alert_deliveries_total", "gatewarden_tail_lag_bytes", "gatewarden_tail_lag_seconds",
                "gatewarden_probe_latency_seconds", "gatewarden_lines_total", "gatewarden_lines_malformed_total");
    }

    @Test
    void promtoolParsesEveryDashboardQuery(@TempDir Path tmp) throws Exception {
        Path promtool = requirePromtool();
        // each query becomes a recording rule, with Grafana's variables replaced by what they expand to
        List<Map<String, String>> records = new ArrayList<>();
        int i = 0;
        for (String expr : dashboardQueries()) {
            String promql = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$instance", ".*");
            records.add(Map.of("record", "dashboard:query_" + (i++), "expr", promql));
        }
        Path file = tmp.resolve("dashboard-queries.yaml");
        new YAMLMapper().writeValue(file.toFile(), Map.of("groups", List.of(Map.of("name", "dashboard", "rules", records))));
        ExternalTool.Result r = ExternalTool.run(List.of(promtool.toString(), "check", "rules", file.toString()), tmp, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.output() + "\n" + Files.readString(file)).isZero();
    }

    // ---------------------------------------------------------------------------------------------------- the reader

    @Test
    void theMetricReaderFindsNamesAndOnlyNames() {
        assertThat(PromQl.metricNames("sum by (type) (rate(gatewarden_events_total{job=\"gatewarden\", type=~\"a|b\"}[5m]))"))
                .containsExactly("gatewarden_events_total");
        assertThat(PromQl.metricNames("absent(up{job=\"gatewarden\"})")).containsExactly("up");
        assertThat(PromQl.metricNames("sum(rate(a_total[$__rate_interval])) / on (instance) group_left sum(b) > 1e6 offset 5m"))
                .containsExactly("a_total", "b");
        assertThat(PromQl.metricNames("count(gatewarden_breaker_state == 2) or vector(0)")).containsExactly("gatewarden_breaker_state");
        assertThat(PromQl.unknown(PromQl.metricNames("rate(gatewarden_event_total[5m])"))).containsExactly("gatewarden_event_total");
        assertThat(PromQl.unknown(PromQl.gatewardenWords("label_values(gatewarden_infos, instance)"))).containsExactly("gatewarden_infos");
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static List<JsonNode> rules() throws Exception {
        JsonNode root = new YAMLMapper().readTree(RULES.toFile());
        List<JsonNode> out = new ArrayList<>();
        assertThat(root.path("groups")).isNotEmpty();
        for (JsonNode g : root.path("groups")) {
            assertThat(g.path("name").asText()).isNotBlank();
            g.path("rules").forEach(out::add);
        }
        return out;
    }

    private static JsonNode dashboard() throws Exception {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Panels, the ones inside collapsed rows included. */
    private static List<JsonNode> panels(JsonNode d) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    private static Optional<JsonNode> variable(JsonNode d, String name) {
        for (JsonNode v : d.path("templating").path("list")) if (v.path("name").asText().equals(name)) return Optional.of(v);
        return Optional.empty();
    }

    /** Every PromQL expression: panel targets and query variables (label_values(METRIC, label) counts as METRIC). */
    private static List<String> dashboardQueries() throws Exception {
        JsonNode d = dashboard();
        List<String> out = new ArrayList<>();
        for (JsonNode p : panels(d)) for (JsonNode t : p.path("targets")) out.add(t.path("expr").asText());
        for (JsonNode v : d.path("templating").path("list")) {
            if (!v.path("type").asText().equals("query")) continue;
            String q = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(q);
            out.add(m.matches() ? m.group(1) : q);
        }
        return out;
    }

    private static Path requirePromtool() {
        Optional<Path> tool = ExternalTool.find("promtool");
        assumeTrue(tool.isPresent(), "promtool is not installed (Debian package 'prometheus'); skipping this check");
        return tool.get();
    }
}
