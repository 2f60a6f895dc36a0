package io.gatewarden.parse;

import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads OpenClaw's file log: one tslog JSON object per line (see {@link TslogLine} for the shapes and
 * {@link OpenClawRules} for what each line means). Streaming and single-pass: only the fields a rule
 * needs are decoded, and uninteresting lines cost one scan. Never throws: a line that is not one JSON
 * object (console text, an array, truncated JSON, binary, a line over {@code max_line_chars}) becomes
 * {@link EventType#MALFORMED}; a well-formed line no rule knows becomes {@link EventType#GENERIC}.
 * Stateless and thread-safe.
 */
public final class OpenClawLineParser implements LineParser {
    private final int maxLineChars;
    private final int evidenceChars;

    public OpenClawLineParser() {
        this(ParseSettings.defaults());
    }

    public OpenClawLineParser(ParseSettings settings) {
        this.maxLineChars = settings.maxLineChars();
        this.evidenceChars = settings.evidenceChars();
    }

    @Override
    public GatewayEvent parse(String line) {
        String bad = JsonLines.precheck(line, maxLineChars);
        if (bad != null) return GatewayEvent.malformed(bad, line == null ? null : Evidence.of(line, evidenceChars));
        TslogLine tslog;
        try (JsonParser p = JsonLines.open(line)) {
            tslog = TslogLine.read(p);
        } catch (TslogLine.NotALine e) {
            return GatewayEvent.malformed(e.getMessage(), Evidence.of(line, evidenceChars));
        } catch (IOException | RuntimeException e) {
            return GatewayEvent.malformed(e instanceof IOException io ? JsonLines.reason(io) : "unreadable line: " + e,
                    Evidence.of(line, evidenceChars));
        }
        return event(tslog, Evidence.of(line, evidenceChars));
    }

    /**
     * Most lines are read straight from their bytes ({@link TslogBytes}); a line that reader is not sure of (not
     * plain JSON, odd bytes, too long) takes the String path above, so both give the same event for every line.
     */
    @Override
    public GatewayEvent parse(byte[] buf, int off, int len) {
        TslogLine tslog = len <= maxLineChars ? TslogBytes.read(buf, off, len) : null;
        if (tslog == null) return parse(new String(buf, off, len, StandardCharsets.UTF_8));
        return event(tslog, Evidence.of(buf, off, len, evidenceChars));
    }

    private static GatewayEvent event(TslogLine tslog, String raw) {
        EventBuilder b = new EventBuilder();
        b.time = IsoTimes.parse(tslog.time);
        b.level = tslog.level;
        b.subsystem = tslog.subsystem;
        b.agent = tslog.agentId;
        b.trace = tslog.traceId;
        b.sessionKey(tslog.sessionId);
        try {
            OpenClawRules.classify(tslog, b);
        } catch (RuntimeException e) {
            // a rule tripped on an odd but well-formed line: keep the line, never fail the pipeline
            b.type(EventType.GENERIC);
            b.detail = "no rule could read this line: " + e;
        }
        return b.build(raw);
    }
}
