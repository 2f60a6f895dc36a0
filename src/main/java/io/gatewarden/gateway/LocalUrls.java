package io.gatewarden.gateway;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for "is this endpoint on the gateway's own host or network", where OpenClaw needs no real key. The
 * chain lint (keyless rungs) and the switcher's chain view (which rungs have credentials) both ask here.
 *
 * <p>Local: loopback ({@code localhost}, {@code *.localhost}, 127/8, {@code ::1} in any spelling), "this host"
 * (0/8, {@code ::}), private ranges (10/8, 172.16/12, 192.168/16), CGNAT 100.64/10 (Tailscale), link-local
 * (169.254/16, fe80::/10), IPv6 unique-local (fc00::/7) and site-local (fec0::/10), IPv4-mapped IPv6 forms of
 * these, mDNS {@code .local} names, single-label names (only resolvable on the local network) and unix sockets
 * ({@code unix:/path}, {@code http+unix://…}). A URL without a scheme is read as {@code http://}.
 * Never resolves a name: no DNS, no network.
 */
public final class LocalUrls {
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-f:.]+$");
    private static final Pattern UNIX_SCHEME = Pattern.compile("^([a-z][a-z0-9.-]*\\+)?unix:.*");

    private LocalUrls() {}

    public static boolean isLocal(String url) {
        if (url == null || url.isBlank()) return false;
        if (UNIX_SCHEME.matcher(url.strip().toLowerCase(Locale.ROOT)).matches()) return true;
        String host = host(url);
        if (host == null || host.isEmpty()) return false;
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int zone = host.indexOf('%');
        if (zone >= 0) host = host.substring(0, zone); // fe80::1%eth0: the zone names an interface of this host
        if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local")) return true;
        if (IPV4.matcher(host).matches()) return isLocalIpv4(host);
        if (host.contains(":")) return isLocalIpv6(host);
        // single-label names ("ollama-host", "gpu-box") only resolve on the local network
        return !host.contains(".") && !host.contains("$") && !host.contains("{");
    }

    private static boolean isLocalIpv4(String host) {
        var m = IPV4.matcher(host);
        if (!m.matches()) return false;
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        for (int i = 1; i <= 4; i++) if (Integer.parseInt(m.group(i)) > 255) return false;
        return a == 127 || a == 10 || a == 0
                || (a == 172 && b >= 16 && b <= 31)
                || (a == 192 && b == 168)
                || (a == 100 && b >= 64 && b <= 127)
                || (a == 169 && b == 254);
    }

    private static boolean isLocalIpv6(String host) {
        if (!IPV6.matcher(host).matches()) return false; // never hand a name to InetAddress: it would look it up
        InetAddress a;
        try {
            a = InetAddress.getByName(host); // a literal: parsed, not looked up
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
        if (!(a instanceof Inet6Address)) return isLocalIpv4(a.getHostAddress()); // ::ffff:a.b.c.d
        byte first = a.getAddress()[0];
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || (first & 0xfe) == 0xfc;
    }

    /** The host part of a URL (brackets kept for IPv6), or null when there is none. */
    public static String host(String url) {
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
