package io.gatewarden.parse;

import java.util.Locale;

/**
 * Settings of the parse stage (YAML, snake_case; every key optional):
 * <pre>
 * parse:
 *   format: openclaw          # openclaw (tslog JSON lines) | json (generic JSON logs, LiteLLM-style)
 *   max_line_chars: 1048576   # longer lines are MALFORMED without being parsed (a runaway line must not stall the tail)
 *   evidence_chars: 300       # how much of a line an event keeps as evidence (1..300)
 * </pre>
 *
 * @param format        which parser reads the lines
 * @param maxLineChars  lines longer than this (in chars, after trimming) are MALFORMED
 * @param evidenceChars length of {@link GatewayEvent#raw()}
 */
public record ParseSettings(String format, int maxLineChars, int evidenceChars) {
    public static final String OPENCLAW = "openclaw";
    public static final String JSON = "json";
    public static final int DEFAULT_MAX_LINE_CHARS = 1 << 20;
    public static final int DEFAULT_EVIDENCE_CHARS = 300;

    public ParseSettings {
        format = format == null || format.isBlank() ? OPENCLAW : format.trim().toLowerCase(Locale.ROOT);
        if (!format.equals(OPENCLAW) && !format.equals(JSON)) {
            throw new IllegalArgumentException("parse.format must be 'openclaw' or 'json', not '" + format + "'");
        }
        if (maxLineChars == 0) maxLineChars = DEFAULT_MAX_LINE_CHARS;
        if (maxLineChars < 1024 || maxLineChars > 64 << 20) {
            throw new IllegalArgumentException("parse.max_line_chars must be between 1024 and 67108864, not " + maxLineChars);
        }
        if (evidenceChars == 0) evidenceChars = DEFAULT_EVIDENCE_CHARS;
        if (evidenceChars < 1 || evidenceChars > 300) {
            throw new IllegalArgumentException("parse.evidence_chars must be between 1 and 300, not " + evidenceChars);
        }
    }

    public static ParseSettings defaults() {
        return new ParseSettings(OPENCLAW, DEFAULT_MAX_LINE_CHARS, DEFAULT_EVIDENCE_CHARS);
    }

    /** A new parser for {@link #format()}. Parsers hold no per-line state; one per tailed file is fine. */
    public LineParser newParser() {
        return format.equals(JSON) ? new GenericJsonLineParser(this) : new OpenClawLineParser(this);
    }
}
