package io.gatewarden.secret;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything gatewarden writes (evidence, alerts, logs, journals, command output). Two layers:
 * <ul>
 *   <li>{@link #mask}: anything shaped like a credential ({@link KeyShapes}) becomes its {@link Fingerprint}, so two
 *       alerts about one key still match. Static: it needs no configuration.</li>
 *   <li>{@link #scrub}: first every secret this instance knows (configured tokens and URLs, raw, URL-encoded and, for a
 *       URL, its path and long segments), then {@link #mask}.</li>
 * </ul>
 */
public final class Redactor {
    private final List<Secret> known = new ArrayList<>();
    private volatile Map<String, String> secrets = Map.of();

    public Redactor(List<Secret> known) {
        known.forEach(this::add);
    }

    /** Masks credential shapes only, until secrets are {@link #add added} (each call a new instance). */
    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** Scrubs one known secret (e.g. the token just sent) besides the shapes. */
    public static Redactor knowing(Secret secret) {
        return new Redactor(List.of(secret));
    }

    /** Adds a secret to scrub; secrets are registered while a pipeline is built, before its threads run. */
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

    /** Known secrets replaced by their fingerprints, then credential-looking text masked. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (Map.Entry<String, String> e : secrets.entrySet()) { // volatile read: one consistent map
            if (out.contains(e.getKey())) out = out.replace(e.getKey(), e.getValue());
        }
        return mask(out);
    }

    /** {@code text} with every credential-shaped part replaced by its fingerprint; the same instance when none. */
    public static String mask(String text) {
        return mask(text, false);
    }

    /**
     * Like {@link #mask(String)}, for a text cut from a longer one ({@code truncated}): a credential that runs into the
     * cut is masked however short its visible part, since the rest of it is unknown.
     */
    public static String mask(String text, boolean truncated) {
        if (text == null) return null;
        int[] starts = KeyShapes.starts(text);
        if (starts.length == 0) return text;
        String out = replace(KeyShapes.WHOLE, text, starts);
        if (!truncated) return out;
        return replace(KeyShapes.CUT, out, out == text ? starts : KeyShapes.starts(out));
    }

    /**
     * A cheap exact pre-check: false only when no credential shape can be in the text ({@link #mask} then returns it
     * unchanged without running a regex). Evidence is cut from every log line, so this runs a lot.
     */
    public static boolean mayHoldSecret(String text) {
        return text != null && KeyShapes.starts(text).length > 0;
    }

    /**
     * Tries the shapes only where one may start (a regex tried at every position costs ~100x more), leftmost first,
     * as {@link Matcher#find} would; a match's value becomes its fingerprint, its kept part stays.
     */
    private static String replace(Pattern shapes, String text, int[] starts) {
        Matcher m = shapes.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        StringBuilder sb = null;
        int copied = 0;
        for (int start : starts) {
            if (start < copied) continue;
            m.region(start, text.length());
            if (!m.lookingAt()) continue;
            int shape = KeyShapes.matched(m);
            if (sb == null) sb = new StringBuilder(text.length());
            sb.append(text, copied, start).append(m.group(KeyShapes.keptGroup(shape)))
                    .append(Fingerprint.of(m.group(KeyShapes.valueGroup(shape))));
            copied = m.end();
        }
        if (sb == null) return text;
        return sb.append(text, copied, text.length()).toString();
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
            URI u = URI.create(secret);
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
}
