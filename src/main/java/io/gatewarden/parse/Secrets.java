package io.gatewarden.parse;

import io.gatewarden.secret.Fingerprint;

/**
 * Masks credentials in evidence text before it leaves the parser: a token that starts like a provider
 * key ({@code sk-…}, {@code xoxb-…}, {@code Bearer …}) and is long enough to be real becomes
 * {@code fp:<first 8 hex of its sha256>}, so two alerts about the same key can still be matched.
 * OpenClaw masks keys itself in most lines; this is the second belt for the ones it misses.
 */
public final class Secrets {
    private static final String[] PREFIXES = {"sk-", "xoxb-", "xoxp-", "xapp-", "ghp_", "github_pat_", "AIza", "Bearer "};
    /** Shorter tails are ids or already-masked fragments ("sk-fake-000", "sk...00"), not keys. */
    private static final int MIN_TAIL = 16;

    private Secrets() {}

    /** {@code text} with every key-like token replaced by its fingerprint; the same instance when none. */
    public static String redact(String text) {
        return redact(text, false);
    }

    /**
     * Like {@link #redact(String)}, for a text cut from a longer one: a key-like token that runs into the
     * cut is masked however short its visible part, since the rest of it is unknown.
     */
    public static String redact(String text, boolean truncated) {
        if (text == null) return null;
        if (!mayHoldKey(text, truncated)) return text;
        String out = text;
        for (String prefix : PREFIXES) {
            if (out.indexOf(prefix) >= 0) out = redactPrefix(out, prefix, truncated);
        }
        return out;
    }

    /**
     * A cheap exact pre-check, run on every evidence excerpt: false only when no key-like token can be in the
     * text. Every prefix has a marker at a fixed place ("sk-" a dash at +2, "xoxb-" a dash at +4, "ghp_" an
     * underscore at +3, "github_pat_" one at +6, "AIza" a 'z' at +2, "Bearer " a 'B' at 0); the markers are
     * found with {@link String#indexOf(int, int)}, which the JVM vectorizes, and only their surroundings are read.
     */
    static boolean mayHoldKey(String text, boolean truncated) {
        for (int p = text.indexOf('-', 2); p >= 0; p = text.indexOf('-', p + 1)) {
            char before = text.charAt(p - 1);
            if ((before == 'k' && keyAt(text, p - 2)) || ((before == 'b' || before == 'p') && keyAt(text, p - 4))) return true;
        }
        for (int p = text.indexOf('_', 3); p >= 0; p = text.indexOf('_', p + 1)) {
            char before = text.charAt(p - 1);
            if ((before == 'p' && keyAt(text, p - 3)) || (before == 'b' && keyAt(text, p - 6))) return true;
        }
        for (int p = text.indexOf('z', 2); p >= 0; p = text.indexOf('z', p + 1)) {
            if (text.charAt(p - 1) == 'I' && keyAt(text, p - 2)) return true;
        }
        return text.indexOf('B') >= 0 && text.contains("Bearer ");
    }

    /** True when a key prefix starts a word at {@code at}. */
    private static boolean keyAt(String text, int at) {
        if (at < 0 || (at > 0 && isTokenChar(text.charAt(at - 1), false))) return false;
        return switch (text.charAt(at)) {
            case 's' -> text.startsWith("sk-", at);
            case 'x' -> text.startsWith("xoxb-", at) || text.startsWith("xoxp-", at) || text.startsWith("xapp-", at);
            case 'g' -> text.startsWith("ghp_", at) || text.startsWith("github_pat_", at);
            case 'A' -> text.startsWith("AIza", at);
            default -> false;
        };
    }

    /** "fp:" and the first 8 hex chars of the sha256 of {@code secret}. */
    public static String fingerprint(String secret) {
        return Fingerprint.of(secret);
    }

    private static String redactPrefix(String text, String prefix, boolean truncated) {
        StringBuilder sb = null;
        int copied = 0;
        int from = 0;
        while (true) {
            int i = text.indexOf(prefix, from);
            if (i < 0) break;
            // a key starts a word: "task-sk-..." is not a key
            boolean bearer = prefix.equals("Bearer ");
            boolean wordStart = bearer || i == 0 || !isTokenChar(text.charAt(i - 1), false);
            int tail = i + prefix.length();
            int end = tail;
            while (end < text.length() && isTokenChar(text.charAt(end), bearer)) end++;
            boolean cutOff = truncated && end == text.length() && end > tail;
            if (wordStart && (end - tail >= MIN_TAIL || cutOff)) {
                if (sb == null) sb = new StringBuilder(text.length());
                sb.append(text, copied, bearer ? tail : i);
                sb.append(fingerprint(text.substring(bearer ? tail : i, end)));
                copied = end;
            }
            from = Math.max(end, i + 1);
        }
        if (sb == null) return text;
        sb.append(text, copied, text.length());
        return sb.toString();
    }

    /**
     * Characters of a key. Dots only count in bearer tokens (JWTs): OpenClaw's own masking writes
     * "sk-fake-...-key-111", and a dot ends an API key there.
     */
    private static boolean isTokenChar(char c, boolean dots) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || (dots && c == '.');
    }
}
