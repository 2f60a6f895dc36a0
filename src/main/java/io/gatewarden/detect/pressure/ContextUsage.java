package io.gatewarden.detect.pressure;

import io.gatewarden.parse.GatewayEvent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a context reading (session, tokens used, window) out of a {@code CONTEXT_USAGE} event. Prefers the parser's
 * attrs; falls back to the line's own text, so it works whatever the parser chose to extract. OpenClaw logs two such
 * lines at DEBUG before each prompt:
 * {@code preflightCompaction check: sessionKey=agent:main:explicit:lab-s5 tokenCount=3 contextWindow=128000 ...} and
 * {@code [context-overflow-precheck] ... sessionKey=... estimatedPromptTokens=18411 ... contextTokenBudget=200000}.
 */
record ContextUsage(String session, String agent, long used, long window) {
    private static final Pattern SESSION = Pattern.compile("sessionKey=(\\S+)");
    private static final Pattern USED = Pattern.compile("\\b(?:tokenCount|estimatedPromptTokens)=(\\d+)");
    private static final Pattern WINDOW = Pattern.compile("\\b(?:contextWindow|contextTokenBudget)=(\\d+)");

    /** Null when the event does not carry all three numbers. */
    static ContextUsage of(GatewayEvent e) {
        String text = (e.detail() == null ? "" : e.detail()) + " " + (e.raw() == null ? "" : e.raw());
        String session = first(e.session(), e.attr("sessionKey"), find(SESSION, text));
        Long used = number(first(e.attr("tokenCount"), e.attr("tokens"), e.attr("usedTokens"), e.attr("estimatedPromptTokens"),
                find(USED, text)));
        Long window = number(first(e.attr("contextWindow"), e.attr("contextTokens"), e.attr("contextTokenBudget"),
                find(WINDOW, text)));
        if (session == null || used == null || window == null || window <= 0) return null;
        if (session.endsWith("\"") || session.endsWith(",")) session = session.replaceAll("[\",]+$", "");
        String agent = e.agent() != null ? e.agent() : agentOf(session);
        return new ContextUsage(session, agent, used, window);
    }

    /** "agent:main:explicit:lab-s5" → "main". */
    static String agentOf(String sessionKey) {
        return io.gatewarden.parse.SessionKeys.agent(sessionKey);
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    private static Long number(String s) {
        if (s == null) return null;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
