package io.gatewarden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundled OpenClaw lines (src/main/resources/demo/, copied from the fixtures, see its README.md) and what the
 * simulator does to them before they reach the log: a fresh timestamp, fresh run ids. The lines the gateway writes
 * in reaction to gatewarden (hot reload, runs on the new primary) are made from real lines of the same kind, with
 * only the variable parts (model, run id, paths) replaced.
 */
final class GatewayLines {
    static final String STORM = "fixture02-storm.jsonl";
    static final String CHAIN_EXHAUSTED = "fixture06-chain-exhausted.jsonl";
    private static final String TEMPLATES = "templates.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_RE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]*\"");
    private static final Pattern META_DATE = Pattern.compile("\"date\":\"[^\"]*\"");
    private static final Pattern FETCH = Pattern.compile("provider=\\S+ api=\\S+ model=\\S+ status=(\\d+) elapsedMs=\\d+");
    private static final Pattern ACK_MS = Pattern.compile("agent \\d+ms");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ZoneId zone;
    private final String runAccepted;
    private final String fetchOk;
    private final String candidateSucceeded;
    private final String runEnded;
    private final String reloadDetected;
    private final String reloadApplied;
    private final String reloadSkipped;

    GatewayLines(ZoneId zone) {
        this.zone = zone;
        List<String> t = resource(TEMPLATES);
        runAccepted = pick(t, l -> l.contains("res ✓ agent"), "run accepted");
        fetchOk = pick(t, l -> l.contains("[model-fetch] response") && l.contains("status=200"), "fetch 200");
        candidateSucceeded = pick(t, l -> l.contains("\"decision\":\"candidate_succeeded\""), "candidate_succeeded");
        runEnded = pick(t, l -> l.contains("ended with stopReason=stop"), "run ended");
        reloadDetected = pick(t, l -> l.contains("config change detected; evaluating reload"), "reload detected");
        reloadApplied = pick(t, l -> l.contains("config hot reload applied"), "reload applied");
        reloadSkipped = pick(t, l -> l.contains("config reload skipped (invalid config)"), "reload skipped");
    }

    /** The lines of a bundled resource, in file order. */
    static List<String> resource(String name) {
        try (InputStream in = GatewayLines.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) throw new IllegalStateException("demo resource /demo/" + name + " is missing from the jar");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pick(List<String> lines, Predicate<String> p, String what) {
        return lines.stream().filter(p).findFirst()
                .orElseThrow(() -> new IllegalStateException("no '" + what + "' line in /demo/" + TEMPLATES));
    }

    // ------------------------------------------------------------------ rewriting replayed lines

    /** Moves a line to {@code now}: the top-level {@code time} (local time with offset) and {@code _meta.date} (UTC). */
    String restamp(String line, Instant now) {
        String local = LOCAL.format(now.atZone(zone));
        String out = TIME.matcher(line).replaceFirst(Matcher.quoteReplacement("\"time\":\"" + local + "\""));
        return META_DATE.matcher(out).replaceFirst(Matcher.quoteReplacement("\"date\":\"" + UTC.format(now) + "\""));
    }

    /** Gives every run of one replay a fresh id, the same one on every line of that run. */
    static final class RunIds {
        private final Map<String, String> fresh = new HashMap<>();

        String rewrite(String line) {
            Matcher m = UUID_RE.matcher(line);
            StringBuilder sb = new StringBuilder();
            while (m.find()) m.appendReplacement(sb, fresh.computeIfAbsent(m.group(), k -> UUID.randomUUID().toString()));
            m.appendTail(sb);
            return sb.toString();
        }

        String idFor(String original) {
            return fresh.computeIfAbsent(original, k -> UUID.randomUUID().toString());
        }
    }

    /** The first run id on a line, or null. */
    static String runIdIn(String line) {
        Matcher m = UUID_RE.matcher(line);
        return m.find() ? m.group() : null;
    }

    // ------------------------------------------------------------------ lines made from real ones

    /** {@code ⇄ res ✓ agent 58ms runId=…}: the gateway acknowledged a new agent run. */
    String runAccepted(String runId, long ackMs, Instant now) {
        String text = message(runAccepted);
        text = text.replace(runIdIn(text), runId);
        text = ACK_MS.matcher(text).replaceFirst("agent " + ackMs + "ms");
        return textLine(runAccepted, text, now);
    }

    /** {@code [model-fetch] response provider=P api=A model=M status=200 …} (a DEBUG line). */
    String fetchOk(String provider, String api, String model, long elapsedMs, Instant now) {
        String text = FETCH.matcher(message(fetchOk)).replaceFirst(Matcher.quoteReplacement(
                "provider=" + provider + " api=" + api + " model=" + model + " status=200 elapsedMs=" + elapsedMs));
        return textLine(fetchOk, text, now);
    }

    /** {@code [agent] run X ended with stopReason=stop}. */
    String runEnded(String runId, Instant now) {
        return textLine(runEnded, "[agent] run " + runId + " ended with stopReason=stop", now);
    }

    /** A {@code model_fallback_decision} saying {@code candidate} answered after {@code failed} did not. */
    String candidateSucceeded(String runId, String sessionId, String failed, String failedReason, int failedStatus,
                              String candidate, int attempt, int total, Instant now) {
        ObjectNode root = tree(candidateSucceeded);
        ObjectNode ev = (ObjectNode) root.get("1");
        String[] f = split(failed);
        String[] c = split(candidate);
        ev.put("runId", runId);
        ev.put("sessionId", sessionId);
        ev.put("requestedProvider", f[0]);
        ev.put("requestedModel", f[1]);
        ev.put("candidateProvider", c[0]);
        ev.put("candidateModel", c[1]);
        ev.put("attempt", attempt);
        ev.put("total", total);
        ev.put("fallbackStepFromModel", failed);
        ev.put("fallbackStepToModel", candidate);
        ev.put("fallbackStepFromFailureReason", failedReason);
        ev.put("fallbackStepChainPosition", attempt);
        ev.remove(List.of("nextCandidateProvider", "nextCandidateModel", "nextCandidateRouteOrigin", "nextCandidateRouteResolution"));
        JsonNode prev = ev.get("previousAttempts");
        if (prev instanceof ArrayNode a && !a.isEmpty() && a.get(0) instanceof ObjectNode p0) {
            p0.put("provider", f[0]);
            p0.put("model", f[1]);
            p0.put("reason", failedReason);
            p0.put("status", failedStatus);
        }
        root.put("session_id", sessionId);
        return restamp(write(root), now);
    }

    /** {@code config change detected; evaluating reload (paths)}. */
    String reloadDetected(List<String> paths, Instant now) {
        return textLine(reloadDetected, "config change detected; evaluating reload (" + String.join(", ", paths) + ")", now);
    }

    /** {@code config hot reload applied (paths)}. */
    String reloadApplied(List<String> paths, Instant now) {
        return textLine(reloadApplied, "config hot reload applied (" + String.join(", ", paths) + ")", now);
    }

    /** {@code config reload skipped (invalid config): why}. */
    String reloadSkipped(String why, Instant now) {
        return textLine(reloadSkipped, "config reload skipped (invalid config): " + why, now);
    }

    // ------------------------------------------------------------------ helpers

    /** A line whose argument {@code "1"} is plain text: the text is also the flattened {@code message}. */
    private String textLine(String template, String text, Instant now) {
        ObjectNode root = tree(template);
        root.put("1", text);
        root.put("message", text);
        return restamp(write(root), now);
    }

    private static String message(String template) {
        return tree(template).path("message").asText();
    }

    private static ObjectNode tree(String line) {
        try {
            return (ObjectNode) JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("bundled demo line is not JSON: " + e.getMessage(), e);
        }
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] split(String ref) {
        int slash = ref.indexOf('/');
        return slash < 0 ? new String[] {ref, ref} : new String[] {ref.substring(0, slash), ref.substring(slash + 1)};
    }
}
