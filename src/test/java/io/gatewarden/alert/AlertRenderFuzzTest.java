package io.gatewarden.alert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.Gson;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import io.gatewarden.secret.Redactor;
import io.gatewarden.secret.Secret;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target for rendering hostile incident text into every receiver's format (Slack blocks and fallback text,
 * webhook body, Alertmanager body, console line). The input's lines are the incident's summary, two evidence lines,
 * label values, an action and a chain rung; a provider key is planted in the summary, the evidence and a label.
 * The text is redacted as the dispatcher does it ({@link Redactor#scrub}, evidence cut to
 * {@link AlertViews#MAX_EVIDENCE_CHARS}), then rendered: nothing throws, Slack's size limits hold, the bodies
 * stay bounded, the planted key appears in no output, and no output has a broken surrogate pair the input did not
 * have. Regression inputs: {@code src/test/resources/io/gatewarden/alert/AlertRenderFuzzTestInputs/}.
 */
class AlertRenderFuzzTest {
    /** Planted between spaces: a key the redaction must always mask. */
    static final String PLANTED_TAIL = "FUZZplantedKEY0123456789";
    static final String PLANTED = "sk-ant-api03-" + PLANTED_TAIL;
    private static final Instant T0 = Instant.parse("2026-11-23T10:02:13Z");
    private static final Redactor REDACTOR = new Redactor(List.of(Secret.of("test-known-slack-token-not-a-secret"),
            Secret.of("https://hooks.example.invalid/services/T0/B0/knownHOOKsecret")));
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private static final SlackRender SLACK = new SlackRender(10);

    @FuzzTest(maxDuration = "5m")
    void renderIncident(byte[] input) {
        String[] f = new String(input, StandardCharsets.UTF_8).split("\n", -1);
        boolean wellFormedInput = wellFormed(String.join("", f));
        int at = input.length;
        String summary = plant(field(f, 0), at);
        List<String> evidence = List.of(plant(field(f, 1), at / 2), field(f, 2));
        Map<String, String> labels = new TreeMap<>();
        labels.put("alertname", "request_rejected");
        labels.put("severity", "critical");
        labels.put("provider", field(f, 3));
        labels.put("model", plant(field(f, 4), at / 3));
        labels.put("session", field(f, 5));
        List<String> actions = List.of(field(f, 6), "opened breaker " + field(f, 3));
        ChainRungView rung = new ChainRungView(field(f, 8), field(f, 9), field(f, 10).isEmpty() ? null : field(f, 10), field(f, 7), true);

        List<AlertView> views = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            boolean firing = i < 2;
            views.add(view("i-" + i, firing, i == 1 ? "warning" : "critical", labels, summary, evidence, actions, i));
        }
        Map<String, String> group = scrub(Map.of("alertname", "request_rejected", "provider", field(f, 3)));
        // a new group (full message), an update (thread reply) and a resolved group: every layout the renderers have
        for (Notification.Kind kind : List.of(Notification.Kind.FIRING, Notification.Kind.UPDATE, Notification.Kind.RESOLVED)) {
            boolean resolved = kind == Notification.Kind.RESOLVED;
            Notification n = new Notification("0123456789abcdef", 1, "fuzz", kind, "0.0/fuzz{}", "0123456789abcdef", group,
                    scrub(labels), resolved ? views.subList(2, 3) : views, resolved ? 0 : 2, resolved ? 1 : 1,
                    new Notification.Changes(List.of("i-0"), List.of("i-2"), List.of("i-1")), List.of(rung, rung),
                    T0.plusSeconds(30), "http://127.0.0.1:9464/");
            check(n, wellFormedInput, input.length);
        }
    }

    private static void check(Notification n, boolean wellFormedInput, int inputLength) {
        List<String> outputs = new ArrayList<>();
        for (List<LayoutBlock> blocks : List.of(SLACK.full(n), SLACK.reply(n))) {
            assertThat(blocks.size()).as("Slack blocks").isLessThanOrEqualTo(50);
            String json = GSON.toJson(blocks);
            for (JsonNode b : Fixture.json(json.getBytes(StandardCharsets.UTF_8))) {
                boolean header = b.get("type").asText().equals("header");
                if (b.has("text")) assertThat(b.get("text").get("text").asText().length()).as("block text").isLessThanOrEqualTo(header ? 150 : 3000);
                if (b.has("fields")) {
                    assertThat(b.get("fields").size()).as("fields").isLessThanOrEqualTo(10);
                    b.get("fields").forEach(x -> assertThat(x.get("text").asText().length()).as("field").isLessThanOrEqualTo(2000));
                }
                if (b.has("elements")) b.get("elements").forEach(x -> assertThat(x.get("text").asText().length()).as("context").isLessThanOrEqualTo(3000));
            }
            outputs.add(json);
        }
        for (boolean reply : new boolean[]{false, true}) {
            String fallback = SLACK.fallbackText(n, reply);
            assertThat(fallback.length()).as("fallback text").isLessThanOrEqualTo(300);
            outputs.add(fallback);
        }
        byte[] webhook = WebhookBody.render(n);
        byte[] am = AlertmanagerNotifier.render(n);
        // every input char is in a few places of a body, JSON-escaped at worst as \\uXXXX
        long bound = 16_384 + 6L * 8 * inputLength;
        assertThat((long) webhook.length).as("webhook body").isLessThanOrEqualTo(bound);
        assertThat((long) am.length).as("alertmanager body").isLessThanOrEqualTo(bound);
        Fixture.json(webhook);
        Fixture.json(am);
        outputs.add(new String(webhook, StandardCharsets.UTF_8));
        outputs.add(new String(am, StandardCharsets.UTF_8));
        outputs.add(REDACTOR.scrub(ConsoleNotifier.format(n)));
        for (String out : outputs) {
            assertThat(out).as("the planted key is masked").doesNotContain(PLANTED_TAIL);
            if (wellFormedInput) assertThat(wellFormed(out)).as("no broken surrogate pair in: %s", out).isTrue();
        }
    }

    /** As {@code AlertViews.view} builds it: text redacted, evidence redacted then cut. */
    private static AlertView view(String id, boolean firing, String severity, Map<String, String> labels, String summary,
                                  List<String> evidence, List<String> actions, int i) {
        Map<String, String> l = new TreeMap<>(labels);
        l.put("severity", severity);
        return new AlertView(id, firing ? AlertView.FIRING : AlertView.RESOLVED, "request_rejected", severity, scrub(l),
                T0.plusSeconds(i), T0.plus(Duration.ofMinutes(4)), firing ? null : T0.plus(Duration.ofMinutes(14)), 3 + i,
                REDACTOR.scrub(summary), evidence.stream().map(e -> SlackRender.cut(REDACTOR.scrub(e), AlertViews.MAX_EVIDENCE_CHARS)).toList(),
                i == 0 ? "https://runbooks.example.invalid/" + id : null, actions.stream().map(REDACTOR::scrub).toList());
    }

    private static Map<String, String> scrub(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> out.put(k, REDACTOR.scrub(v)));
        return out;
    }

    private static String field(String[] f, int i) {
        return i < f.length ? f[i] : "";
    }

    /** {@code s} with the planted key between spaces at a char boundary near {@code at}. */
    private static String plant(String s, int at) {
        int i = Math.min(at, s.length());
        if (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i))) i--;
        return s.substring(0, i) + " " + PLANTED + " " + s.substring(i);
    }

    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
