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
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= max ? one : one.substring(0, Math.max(1, max - 1)) + "…";
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
