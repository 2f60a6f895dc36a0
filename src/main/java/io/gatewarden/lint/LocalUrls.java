package io.gatewarden.lint;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a provider's baseUrl is on the gateway's own host or network: loopback, private ranges, CGNAT
 * (Tailscale), IPv6 unique-local, {@code .local} and single-label host names. OpenClaw needs no real key for
 * those. Never resolves a name (no DNS, no network).
 */
final class LocalUrls {
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");

    private LocalUrls() {}

    static boolean isLocal(String url) {
        String host = host(url);
        if (host == null || host.isEmpty()) return false;
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")) return true;
        var m = IPV4.matcher(host);
        if (m.matches()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            if (a > 255 || b > 255) return false;
            return a == 127 || a == 10 || a == 0
                    || (a == 172 && b >= 16 && b <= 31)
                    || (a == 192 && b == 168)
                    || (a == 100 && b >= 64 && b <= 127);
        }
        if (host.contains(":")) {
            return host.equals("::1") || host.equals("0:0:0:0:0:0:0:1") || host.startsWith("fc") || host.startsWith("fd");
        }
        // single-label names ("ollama-host", "gpu-box") only resolve on the local network
        return !host.contains(".") && !host.contains("$") && !host.contains("{");
    }

    static String host(String url) {
        if (url == null || url.isBlank()) return null;
        String u = url.strip();
        if (!u.contains("://")) u = "http://" + u;
        try {
            URI uri = new URI(u);
            if (uri.getHost() != null) return uri.getHost();
            String auth = uri.getRawAuthority();
            if (auth == null) return null;
            int at = auth.lastIndexOf('@');
            if (at >= 0) auth = auth.substring(at + 1);
            if (auth.startsWith("[")) return auth.substring(0, auth.indexOf(']') + 1);
            int colon = auth.indexOf(':');
            return colon >= 0 ? auth.substring(0, colon) : auth;
        } catch (Exception e) {
            return null;
        }
    }
}
