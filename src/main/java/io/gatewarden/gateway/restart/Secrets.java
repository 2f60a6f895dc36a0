package io.gatewarden.gateway.restart;

import io.gatewarden.secret.Fingerprint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps secrets out of logs, journals and incidents: tokens are shown only as {@code fp:<8 hex of sha256>}. */
public final class Secrets {
    /** Credentials as they show up in command output: bearer tokens, sk- keys, key=value pairs, JWTs. */
    private static final Pattern SECRETISH = Pattern.compile(
            "(?i)(bearer\\s+)([A-Za-z0-9._~+/=-]{8,})"
                    + "|(\\b(?:api[_-]?key|token|secret|password|passwd|authorization)\\b\"?\\s*[=:]\\s*\"?(?:(?:bearer|basic)\\s+)?)([^\\s\",}]{4,})"
                    + "|\\b(sk-[A-Za-z0-9_-]{6,})"
                    + "|\\b(eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})");

    private Secrets() {}

    public static String fingerprint(String secret) {
        return Fingerprint.of(secret);
    }

    /** Replaces anything that looks like a credential with its fingerprint. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        Matcher m = SECRETISH.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(2) != null) replacement = m.group(1) + fingerprint(m.group(2));
            else if (m.group(4) != null) replacement = m.group(3) + fingerprint(m.group(4));
            else if (m.group(5) != null) replacement = fingerprint(m.group(5));
            else replacement = fingerprint(m.group(6));
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Redacts, and also removes one known secret verbatim (e.g. the service-account token we just sent). */
    public static String redact(String text, String knownSecret) {
        String s = text;
        if (s != null && knownSecret != null && !knownSecret.isEmpty()) s = s.replace(knownSecret, fingerprint(knownSecret));
        return redact(s);
    }
}
