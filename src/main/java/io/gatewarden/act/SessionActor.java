package io.gatewarden.act;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.command.CommandRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the gateway's session levers ({@code openclaw sessions compact|archive <key> --json}) through the one command
 * runner that redacts and logs ({@link CommandRunner}), and judges each from the JSON reply, never from the exit code
 * alone: an unknown key exits 0 with {@code "compacted": false, "reason": "no sessionId"} (captured, fixture 17).
 */
public final class SessionActor {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Output kept per command: an LLM summary comes back inside the reply (2.6 KB for a 17 k-token session in capture 17). */
    public static final int MAX_REPLY_BYTES = 1 << 20;

    /** What the gateway did. */
    public enum Outcome {
        /** LLM summary written: tokensBefore → tokensAfter. */
        COMPACTED,
        /** Transcript cut to its last {@code kept} lines. */
        TRUNCATED,
        /** Session archived (or already was). */
        ARCHIVED,
        /** The gateway answered but changed nothing (unknown key, nothing to compact, tokens did not fall). */
        UNCHANGED,
        /** The command failed, timed out, or printed no reply we can read. */
        FAILED
    }

    /**
     * @param command what ran (argv joined), for the journal and for a human to run again
     * @param detail  one line: the gateway's own words (reason, error) or the runner's summary
     */
    public record Reply(Outcome outcome, String command, Long tokensBefore, Long tokensAfter, Integer kept, String detail,
                        Duration took) {
        public boolean changed() {
            return outcome == Outcome.COMPACTED || outcome == Outcome.TRUNCATED || outcome == Outcome.ARCHIVED;
        }
    }

    private final CommandRunner runner;
    private final List<String> openclaw;
    private final Duration timeout;

    public SessionActor(CommandRunner runner, List<String> openclaw, Duration timeout) {
        this.runner = runner;
        this.openclaw = List.copyOf(openclaw);
        this.timeout = timeout;
    }

    public List<String> compactCommand(String key) {
        return argv("compact", key, "--json");
    }

    public List<String> truncateCommand(String key, int maxLines) {
        return argv("compact", key, "--max-lines", String.valueOf(maxLines), "--json");
    }

    public List<String> archiveCommand(String key) {
        return argv("archive", key, "--json");
    }

    /** LLM summary; the summary request goes to the agent's primary model. */
    public Reply compact(String key) {
        return judgeCompact(compactCommand(key), run(compactCommand(key)));
    }

    /** Keeps the last {@code maxLines} transcript lines; no backup is made by the gateway. */
    public Reply truncate(String key, int maxLines) {
        return judgeCompact(truncateCommand(key, maxLines), run(truncateCommand(key, maxLines)));
    }

    /** Keeps the transcript, takes the session out of use; agent main sessions are refused by the gateway. */
    public Reply archive(String key) {
        List<String> argv = archiveCommand(key);
        CommandRunner.Result r = run(argv);
        JsonNode j = firstJson(r.output());
        String cmd = String.join(" ", argv);
        if (j == null) return failed(cmd, r);
        for (JsonNode res : j.path("results")) {
            if (!key.equals(res.path("key").asText())) continue;
            String status = res.path("status").asText("");
            if (res.path("ok").asBoolean(false) && status.contains("archived")) {
                return new Reply(Outcome.ARCHIVED, cmd, null, null, null, status.isEmpty() ? "archived" : status, r.took());
            }
            String err = res.path("error").asText(status);
            return new Reply(Outcome.UNCHANGED, cmd, null, null, null, "gateway: " + (status.isEmpty() ? "" : status + ": ") + err, r.took());
        }
        return new Reply(r.ok() ? Outcome.UNCHANGED : Outcome.FAILED, cmd, null, null, null,
                "no result for " + key + " in the reply: " + r.summary(), r.took());
    }

    private Reply judgeCompact(List<String> argv, CommandRunner.Result r) {
        String cmd = String.join(" ", argv);
        JsonNode j = firstJson(r.output());
        if (j == null) return failed(cmd, r);
        if (!j.path("ok").asBoolean(false)) {
            // {"ok":false,"compacted":false,"reason":"Already compacted"} (exit 1; the gateway had compacted on its own) is a
            // refusal that changed nothing; an "error" object is a failure
            if (!j.has("error") && j.hasNonNull("reason")) {
                return new Reply(Outcome.UNCHANGED, cmd, null, null, null, "gateway: not compacted (" + j.get("reason").asText() + ")", r.took());
            }
            return new Reply(Outcome.FAILED, cmd, null, null, null, "gateway: " + text(j.path("error"), r), r.took());
        }
        if (!j.path("compacted").asBoolean(false)) {
            return new Reply(Outcome.UNCHANGED, cmd, null, null, null,
                    "gateway: not compacted" + (j.hasNonNull("reason") ? " (" + j.get("reason").asText() + ")" : ""), r.took());
        }
        if (j.has("kept")) {
            return new Reply(Outcome.TRUNCATED, cmd, null, null, j.get("kept").asInt(), "kept " + j.get("kept").asInt() + " lines", r.took());
        }
        JsonNode res = j.path("result");
        Long before = res.hasNonNull("tokensBefore") ? res.get("tokensBefore").asLong() : null;
        Long after = res.hasNonNull("tokensAfter") ? res.get("tokensAfter").asLong() : null;
        if (before != null && after != null && after >= before) {
            return new Reply(Outcome.UNCHANGED, cmd, before, after, null, "tokens did not fall: " + before + " → " + after, r.took());
        }
        return new Reply(Outcome.COMPACTED, cmd, before, after, null,
                "tokens " + (before == null ? "?" : before) + " → " + (after == null ? "?" : after), r.took());
    }

    private CommandRunner.Result run(List<String> argv) {
        return runner.run(argv, timeout);
    }

    private static Reply failed(String cmd, CommandRunner.Result r) {
        return new Reply(Outcome.FAILED, cmd, null, null, null, r.summary(), r.took());
    }

    private static String text(JsonNode error, CommandRunner.Result r) {
        if (error.isTextual()) return error.asText();
        if (error.hasNonNull("message")) return error.get("message").asText();
        return r.summary();
    }

    /** The first JSON object in the output (the CLI may print plugin lines before it); null when there is none. */
    static JsonNode firstJson(String output) {
        if (output == null) return null;
        for (int i = output.indexOf('{'); i >= 0; i = output.indexOf('{', i + 1)) {
            try (JsonParser p = JSON.createParser(output.substring(i))) {
                JsonNode n = p.readValueAsTree();
                if (n != null && n.isObject()) return n;
            } catch (IOException notJson) {
                // a brace inside a log line: try the next one
            }
        }
        return null;
    }

    /**
     * How a human restores an archived session: a lifecycle patch needs the session's id as the gateway reports it
     * ({@code sessionId} in {@code openclaw gateway call sessions.list --params '{"archived":true}'}); without it the
     * gateway answers INVALID_REQUEST "expectedSessionId required" (captured, fixture 17).
     */
    public static String restoreCommand(String key, String sessionId) {
        return "openclaw gateway call sessions.patch --params '{\"key\":\"" + key + "\",\"archived\":false,\"expectedSessionId\":\""
                + sessionId + "\"}' (sessionId as listed by: openclaw gateway call sessions.list --params '{\"archived\":true}')";
    }

    private List<String> argv(String... tail) {
        List<String> a = new ArrayList<>(openclaw);
        a.add("sessions");
        a.addAll(List.of(tail));
        return a;
    }
}
