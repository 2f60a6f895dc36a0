package io.gatewarden.act;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * {@code act.sessions}: what gatewarden does to one session of the gateway (see docs/act.md, "Session actions").
 *
 * @param enabled            act on sessions at all (default true; {@code act.dry_run} still decides whether anything changes)
 * @param command            the openclaw executable and leading arguments (default [openclaw])
 * @param env                extra environment for it, e.g. {HOME: /home/openclaw, OPENCLAW_PROFILE: work}
 * @param commandTimeout     deadline of one {@code openclaw sessions …} call (default 5m: an LLM summary is a model call)
 * @param compactOnPressure  compact a session whose context_pressure is critical (default true)
 * @param thresholdGrace     also compact a session whose preflight tokenCount has stayed above the gateway's own
 *                           compaction {@code threshold=} this long (default 2m: the gateway compacts on its own first)
 * @param compactCooldown    at most one compaction per session within this (default 30m)
 * @param quarantine         what to do with a session in a transcript error loop: {@code truncate} (compact
 *                           --max-lines), {@code archive} or {@code off} (default truncate: see docs/act.md)
 * @param maxLines           lines kept by {@code truncate} (default 1: on the real gateway, 1 made the next run of a
 *                           poisoned session clean; see fixture 17)
 * @param quarantineCooldown at most one quarantine per session within this (default 30m)
 * @param allowMainSessions  act on an agent's main session ({@code agent:<id>:main}) too (default false)
 * @param transcriptErrors   an error_loop whose error text contains one of these (case-insensitive) is the kind a
 *                           transcript causes; default: tool_use_id, tool_result, context overflow, context length,
 *                           prompt is too long
 */
public record SessionActionSettings(Boolean enabled,
                                    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> command,
                                    Map<String, String> env, Duration commandTimeout, Boolean compactOnPressure,
                                    Duration thresholdGrace, Duration compactCooldown, String quarantine, Integer maxLines,
                                    Duration quarantineCooldown, Boolean allowMainSessions, List<String> transcriptErrors) {

    public static final List<String> DEFAULT_TRANSCRIPT_ERRORS =
            List.of("tool_use_id", "tool_result", "context overflow", "context length", "prompt is too long");

    public SessionActionSettings {
        enabled = enabled == null || enabled;
        command = command == null || command.isEmpty() ? List.of("openclaw") : List.copyOf(command);
        if (command.get(0).isBlank()) throw new IllegalArgumentException("act.sessions.command must name an executable");
        env = env == null ? Map.of() : Map.copyOf(env);
        commandTimeout = positive(commandTimeout, Duration.ofMinutes(5), "act.sessions.command_timeout");
        compactOnPressure = compactOnPressure == null || compactOnPressure;
        thresholdGrace = thresholdGrace == null ? Duration.ofMinutes(2) : thresholdGrace;
        if (thresholdGrace.isNegative()) throw new IllegalArgumentException("act.sessions.threshold_grace must not be negative");
        compactCooldown = positive(compactCooldown, Duration.ofMinutes(30), "act.sessions.compact_cooldown");
        quarantine = quarantine == null || quarantine.isBlank() ? "truncate" : quarantine.trim().toLowerCase(Locale.ROOT);
        if (!List.of("truncate", "archive", "off").contains(quarantine)) {
            throw new IllegalArgumentException("act.sessions.quarantine must be truncate, archive or off, got '" + quarantine + "'");
        }
        maxLines = maxLines == null ? 1 : maxLines;
        if (maxLines < 1) throw new IllegalArgumentException("act.sessions.max_lines must be at least 1");
        quarantineCooldown = positive(quarantineCooldown, Duration.ofMinutes(30), "act.sessions.quarantine_cooldown");
        allowMainSessions = allowMainSessions != null && allowMainSessions;
        transcriptErrors = transcriptErrors == null ? DEFAULT_TRANSCRIPT_ERRORS
                : transcriptErrors.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    public static SessionActionSettings defaults() {
        return new SessionActionSettings(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** True when an error text is one a broken transcript causes (every model would reject it alike). */
    public boolean isTranscriptError(String text) {
        if (text == null) return false;
        String t = text.toLowerCase(Locale.ROOT);
        for (String s : transcriptErrors) if (t.contains(s)) return true;
        return false;
    }
}
