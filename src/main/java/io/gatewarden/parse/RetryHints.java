package io.gatewarden.parse;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's "try again after" as the gateway quotes it in a failure's error preview, e.g.
 * {@code Please try again in 1s.; Retry-After: 1 seconds} (OpenAI-compatible 429s as OpenClaw 2026.9.6 logs them),
 * {@code try again in 250ms}, {@code retry-after: 30}. The largest value found wins; capped at one hour.
 */
public final class RetryHints {
    private static final Duration CAP = Duration.ofHours(1);
    private static final Pattern RETRY_AFTER = Pattern.compile("(?i)retry[-_ ]after\\W{0,3}(\\d+(?:\\.\\d+)?)\\s*(ms|milliseconds?|s|sec|secs|seconds?|m|min|minutes?)?");
    private static final Pattern TRY_AGAIN = Pattern.compile("(?i)try again in\\s+(\\d+(?:\\.\\d+)?)\\s*(ms|milliseconds?|s|sec|secs|seconds?|m|min|minutes?)\\b");

    private static final Pattern[] PATTERNS = {RETRY_AFTER, TRY_AGAIN};

    private RetryHints() {}

    /** Case-insensitive like the patterns' (?i) (and a little wider), so a text it rejects has no match. */
    private static boolean containsIgnoreCase(String text, String word) {
        char first = word.charAt(0); // lower-case ASCII, as the words are
        for (int i = 0, last = text.length() - word.length(); i <= last; i++) {
            // the patterns' (?i) folds ASCII only, so a match starts with the word's first letter in either case
            if ((text.charAt(i) | 0x20) == first && text.regionMatches(true, i, word, 0, word.length())) return true;
        }
        return false;
    }

    /** The longest wait any of the texts asks for, or null when none names one. */
    public static Duration retryAfter(String... texts) {
        Duration best = null;
        for (String t : texts) {
            if (t == null || t.isEmpty()) continue;
            // most failures name no wait: skip the regexes unless a trigger word is there (they run on every failure)
            if (t.indexOf("etry") < 0 && t.indexOf("ETRY") < 0 && t.indexOf("again") < 0) continue;
            for (Pattern p : PATTERNS) {
                // each pattern needs its own word ("after", "again"): "retry" alone is in every retry line
                if (!containsIgnoreCase(t, p == RETRY_AFTER ? "after" : "again")) continue;
                Matcher m = p.matcher(t);
                while (m.find()) {
                    Duration d = toDuration(m.group(1), m.group(2));
                    if (d != null && (best == null || d.compareTo(best) > 0)) best = d;
                }
            }
        }
        return best == null ? null : best.compareTo(CAP) > 0 ? CAP : best;
    }

    private static Duration toDuration(String number, String unit) {
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return null;
        }
        String u = unit == null ? "s" : unit.toLowerCase(java.util.Locale.ROOT);
        double ms = u.startsWith("ms") || u.startsWith("milli") ? v : u.startsWith("m") ? v * 60_000 : v * 1000;
        return Duration.ofMillis(Math.round(ms));
    }
}
