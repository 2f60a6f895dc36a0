package io.gatewarden.detect;

import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;

/** Small text helpers the detectors share: evidence excerpts, short run ids, reason matching. */
final class Texts {
    private Texts() {}

    /** The raw log excerpt of an event (already truncated by the parser), else its detail. */
    static String evidence(GatewayEvent e) {
        if (e.raw() != null && !e.raw().isBlank()) return e.raw();
        return e.detail();
    }

    /** The first 8 characters of a run id, as the gateway's own short form; retry sequences read as "unknown run". */
    static String shortRun(String run) {
        if (run == null || run.startsWith("retries:")) return "an unidentified run";
        return "run " + (run.length() > 8 ? run.substring(0, 8) : run);
    }

    /** The occurrence key of "one failed run". */
    static String runKey(String run) {
        return run == null ? null : "run:" + run;
    }

    static boolean reasonIn(String reason, Collection<String> reasons) {
        if (reason == null || reason.isBlank()) return false;
        String r = reason.trim().toLowerCase(Locale.ROOT);
        for (String x : reasons) if (x.equalsIgnoreCase(r)) return true;
        return false;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String clip(String s, int max) {
        if (s == null) return null;
        String one = oneLine(s);
        return one.length() <= max ? one : one.substring(0, Math.max(1, max - 1)) + "…";
    }

    /** Runs of whitespace become one space, ends trimmed: {@code replaceAll("\\s+", " ").trim()} without a regex per call. */
    static String oneLine(String s) {
        if (isOneLine(s)) return s.trim(); // trim also drops control chars at the ends, as before
        StringBuilder sb = new StringBuilder(s.length());
        boolean gap = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (isWs(c)) {
                gap = sb.length() > 0;
            } else {
                if (gap) sb.append(' ');
                gap = false;
                sb.append(c);
            }
        }
        return sb.toString().trim();
    }

    /** True when the text has no whitespace but single spaces between words (the usual case: no copy). */
    private static boolean isOneLine(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isWs(c)) continue;
            if (c != ' ' || i == 0 || i == n - 1 || s.charAt(i + 1) == ' ' || isWs(s.charAt(i + 1))) return false;
        }
        return true;
    }

    private static boolean isWs(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.contains(needle);
    }

    /** A timestamp logged as epoch millis or ISO-8601; null when neither. */
    static Instant instant(String s) {
        if (blank(s)) return null;
        String t = s.trim();
        try {
            return Instant.ofEpochMilli(Long.parseLong(t));
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
