package io.gatewarden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * One gateway log line as a person reads it on the demo console: level and text, structured events summed up
 * (which model failed, why, where the run goes next), run ids shortened. The log file keeps the full line.
 */
final class LineView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_RE = Pattern.compile("([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int MAX = 150;

    private LineView() {}

    /** e.g. {@code WARN  transient same-model retry 1/9 for fakeoa/rl-429 reason=rate_limit: delayMs=1051}. */
    static String render(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (IOException e) {
            return shorten(line);
        }
        String level = root.path("_meta").path("logLevelName").asText("INFO");
        JsonNode arg = root.get("1");
        String text = arg != null && arg.isObject() && arg.has("event") ? event(arg, root.path("message").asText())
                : root.path("message").asText(root.path("0").asText());
        int nl = text.indexOf('\n');
        if (nl >= 0) text = text.substring(0, nl);
        return String.format("%-5s %s", level, shorten(text));
    }

    private static String event(JsonNode e, String message) {
        String name = e.path("event").asText();
        return switch (name) {
            case "embedded_run_agent_end" -> message + ": " + ref(e, "provider", "model")
                    + (e.path("isError").asBoolean() ? " failed (" + e.path("failoverReason").asText("error") + ")" : " ok");
            case "embedded_run_failover_decision" -> message + ": " + ref(e, "provider", "model") + " → "
                    + e.path("decision").asText() + " (" + e.path("failoverReason").asText("?") + ", "
                    + e.path("retryCount").asInt() + " retries)";
            case "model_fallback_decision" -> fallback(e, message);
            default -> message + " (" + name + ")";
        };
    }

    private static String fallback(JsonNode e, String message) {
        String decision = e.path("decision").asText();
        String candidate = ref(e, "candidateProvider", "candidateModel");
        String outcome = e.path("fallbackStepFinalOutcome").asText("");
        String next = e.has("nextCandidateModel") ? " → next " + ref(e, "nextCandidateProvider", "nextCandidateModel")
                : "chain_exhausted".equals(outcome) ? " → CHAIN EXHAUSTED" : "";
        String reason = e.path("reason").asText("");
        String status = e.has("status") ? " " + e.path("status").asText() : "";
        return switch (decision) {
            case "candidate_failed" -> message + ": " + candidate + " failed (" + reason + status + ")" + next;
            case "skip_candidate" -> message + ": skipped " + candidate + " (" + reason + ": "
                    + e.path("errorPreview").asText("") + ")" + next;
            case "candidate_succeeded" -> message + ": " + candidate + " answered (after "
                    + e.path("fallbackStepFromModel").asText("?") + " " + e.path("fallbackStepFromFailureReason").asText("") + ")";
            default -> message + ": " + decision + " " + candidate;
        };
    }

    private static String ref(JsonNode e, String provider, String model) {
        return e.path(provider).asText("?") + "/" + e.path(model).asText("?");
    }

    private static String shorten(String text) {
        String s = UUID_RE.matcher(text).replaceAll("$1…");
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }
}
