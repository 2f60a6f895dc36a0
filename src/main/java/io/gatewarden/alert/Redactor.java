package io.gatewarden.alert;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last line of defence against leaks: replaces every configured secret (raw and URL-encoded) with its fingerprint,
 * and masks things that look like credentials in text we did not write ourselves (log evidence, error messages).
 */
public final class Redactor {
    /** Credential shapes seen in gateway logs and HTTP errors: provider keys, Slack tokens, bearer headers, key=value pairs. */
    private static final Pattern KEY_LIKE = Pattern.compile(
            "(?<tok>\\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|xox[abposr]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}"
                    + "|AIza[0-9A-Za-z_-]{30,}|gh[pousr]_[A-Za-z0-9]{30,}|hooks\\.slack\\.com/services/[A-Za-z0-9/]+))"
                    + "|(?i:(?<kv>(?:api[_-]?key|token|secret|password|authorization)\\s*[\"']?\\s*[:=]\\s*[\"']?(?:bearer\\s+)?)(?<val>[^\\s\"',}&]{6,}))"
                    + "|(?i:(?<bearer>bearer\\s+)(?<bval>[A-Za-z0-9._~+/=-]{12,}))");

    private final List<Secret> known = new ArrayList<>();
    private volatile Map<String, String> secrets = Map.of();

    public Redactor(List<Secret> known) {
        known.forEach(this::add);
    }

    /** Adds a secret to scrub; secrets are registered while the pipeline is built, before its threads run. */
    public synchronized void add(Secret secret) {
        if (secret == null || known.contains(secret)) return;
        known.add(secret);
        List<Secret> sorted = new ArrayList<>(known);
        // longest first, so a secret URL that contains another secret is replaced as a whole
        sorted.sort((a, b) -> b.reveal().length() - a.reveal().length());
        Map<String, String> m = new LinkedHashMap<>();
        for (Secret s : sorted) {
            if (s.reveal().length() < 4) continue;
            for (String variant : variants(s.reveal())) m.putIfAbsent(variant, s.fingerprint());
        }
        secrets = m;
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /**
     * The secret, URL-encoded, and for a secret URL its path and long path segments too: a receiver's error page may
     * quote the path of a webhook URL without scheme and host.
     */
    private static List<String> variants(String secret) {
        List<String> v = new ArrayList<>();
        v.add(secret);
        String enc = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        if (!enc.equals(secret)) v.add(enc);
        try {
            java.net.URI u = java.net.URI.create(secret);
            if (u.getScheme() != null && u.getRawPath() != null && u.getRawPath().length() > 1) {
                String pathAndQuery = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
                if (pathAndQuery.length() >= 8) v.add(pathAndQuery);
                for (String seg : u.getRawPath().split("/")) {
                    if (seg.length() >= 12) v.add(seg);
                }
                if (u.getRawQuery() != null && u.getRawQuery().length() >= 8) v.add(u.getRawQuery());
                if (u.getRawUserInfo() != null && u.getRawUserInfo().length() >= 4) v.add(u.getRawUserInfo());
            }
        } catch (IllegalArgumentException notAUrl) {
            // a token, not a URL
        }
        return v;
    }

    /** Configured secrets replaced by their fingerprints, then credential-looking text masked. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (Map.Entry<String, String> e : secrets.entrySet()) { // volatile read: one consistent map
            if (out.contains(e.getKey())) out = out.replace(e.getKey(), e.getValue());
        }
        return maskKeyLike(out);
    }

    static String maskKeyLike(String text) {
        Matcher m = KEY_LIKE.matcher(text);
        if (!m.find()) return text;
        StringBuilder sb = new StringBuilder();
        do {
            String replacement;
            if (m.group("tok") != null) {
                replacement = Secret.fingerprintOf(m.group("tok"));
            } else if (m.group("kv") != null) {
                replacement = m.group("kv") + Secret.fingerprintOf(m.group("val"));
            } else {
                replacement = m.group("bearer") + Secret.fingerprintOf(m.group("bval"));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
