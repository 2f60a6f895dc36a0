package io.gatewarden.detect;

import io.gatewarden.secret.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns an error text into the part that stays the same when the same failure happens again: numbers, ids, hashes,
 * durations, URLs and the contents of double/single quotes (names, paths, user text) are replaced by placeholders.
 * Backtick contents are kept: they are usually code identifiers that say what kind of error it is.
 */
public final class ErrorNormalizer {
    /** Normalising more than this is pointless for a fingerprint and costs CPU on hostile input. */
    static final int MAX_INPUT = 2_000;

    private static final Pattern URL = Pattern.compile("\\b[a-z][a-z0-9+.-]*://\\S+", Pattern.CASE_INSENSITIVE);
    private static final Pattern DQUOTED = Pattern.compile("\"[^\"]{0,200}\"");
    private static final Pattern SQUOTED = Pattern.compile("(?<![A-Za-z])'[^']{0,200}'");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern HASH = Pattern.compile("\\b(?:sha\\d+|md5|fp):[0-9a-f]{6,}\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEX = Pattern.compile("\\b(?=[0-9a-f]*\\d)[0-9a-f]{8,}\\b", Pattern.CASE_INSENSITIVE);
    /** Provider ids like toolu_01ABC, req_8f2k, msg_01X: a prefix, an underscore, and a token with a digit. */
    private static final Pattern PREFIXED_ID = Pattern.compile("\\b[a-z]{2,12}_(?=\\w*\\d)\\w{3,}\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile(
            "\\b\\d+(?:\\.\\d+)?\\s?(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    /** Emoji and other symbols some gateways prefix to human errors. */
    private static final Pattern SYMBOLS = Pattern.compile("[\\p{So}\\p{Cn}\\uFE0F\\u200D]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** An HTTP status in front of a normalised text: "#: …" (attempt line), "# …", "http #: …". */
    private static final Pattern LEADING_STATUS = Pattern.compile("^(?:http\\s*)?#\\s*:?\\s+");

    private ErrorNormalizer() {}

    public static String normalize(String text) {
        if (text == null) return "";
        String s = text.length() > MAX_INPUT ? text.substring(0, MAX_INPUT) : text;
        // each pass only when its trigger character is present: most of the cost on long, plain texts is skipped
        if (s.contains("://")) s = URL.matcher(s).replaceAll("<url>");
        if (s.indexOf('"') >= 0) s = DQUOTED.matcher(s).replaceAll("\"*\"");
        if (s.indexOf('\'') >= 0) s = SQUOTED.matcher(s).replaceAll("'*'");
        if (hasDigit(s)) {
            s = UUID.matcher(s).replaceAll("<id>");
            s = HASH.matcher(s).replaceAll("<hash>");
            s = HEX.matcher(s).replaceAll("<hex>");
            s = PREFIXED_ID.matcher(s).replaceAll("<id>");
            s = DURATION.matcher(s).replaceAll("<dur>");
            s = NUMBER.matcher(s).replaceAll("#");
        }
        if (hasNonAscii(s)) s = SYMBOLS.matcher(s).replaceAll(" ");
        s = SPACES.matcher(s).replaceAll(" ").trim();
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * The provider's own message inside a JSON error body ({@code 400: {"error":{"message":"…"}}} → "400: …"), which
     * {@link #normalize} would otherwise blank out with every other quoted string; other texts unchanged.
     */
    public static String message(String text) {
        if (text == null) return null;
        int m = text.indexOf("\"message\":\"");
        if (m < 0) return text;
        int start = m + 11;
        StringBuilder sb = new StringBuilder();
        int brace = text.indexOf('{');
        if (brace > 0 && brace < m) sb.append(text, 0, brace).append(' ');
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                sb.append(text.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString().trim();
    }

    /**
     * The words of one failure, the same on every line that reports it: the provider's message, normalised, without
     * a leading HTTP status. The attempt line says "400: {…"message":"X"…}", the fallback decision of the same request
     * just "X"; both must give one loop, not two.
     */
    public static String failureWords(String raw) {
        return LEADING_STATUS.matcher(normalize(message(raw))).replaceFirst("");
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') return true;
        }
        return false;
    }

    private static boolean hasNonAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0x7e) return true;
        return false;
    }

    /** The normalised text cut to {@code max} characters (with an ellipsis), for a label a human reads. */
    public static String shortText(String normalized, int max) {
        if (normalized.length() <= max) return normalized;
        return normalized.substring(0, Math.max(1, max - 1)).trim() + "…";
    }

    /** 12 hex characters of sha256 over the parts: a stable id for "this error on this model". */
    public static String fingerprint(String... parts) {
        MessageDigest md = Hashes.sha256();
        for (String p : parts) {
            md.update((p == null ? "" : p).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return Hashes.hex(md.digest(), 6);
    }
}
