package io.gatewarden.probe;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the rate-limit headers providers put on every response, including on cheap model-list calls:
 * Anthropic {@code anthropic-ratelimit-requests-limit/-remaining/-reset} and {@code anthropic-ratelimit-tokens-*}
 * (reset as an RFC 3339 time), OpenAI and compatibles {@code x-ratelimit-limit-requests/-tokens},
 * {@code x-ratelimit-remaining-requests/-tokens}, {@code x-ratelimit-reset-requests/-tokens} (reset as a Go-style
 * duration: "1s", "6m0s", "20ms", "1h2m3.5s"), and {@code retry-after} (seconds or an HTTP date).
 * Malformed values are ignored, never fatal.
 */
public final class RateLimitHeaders {
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

    private RateLimitHeaders() {}

    /** @param headers response headers; names are matched case-insensitively */
    public static RateLimits parse(Map<String, List<String>> headers, Instant now) {
        Lookup h = new Lookup(headers);
        Long reqLimit = firstLong(h, "anthropic-ratelimit-requests-limit", "x-ratelimit-limit-requests");
        Long reqRemaining = firstLong(h, "anthropic-ratelimit-requests-remaining", "x-ratelimit-remaining-requests");
        Instant reqReset = reset(h, now, "anthropic-ratelimit-requests-reset", "x-ratelimit-reset-requests");
        Long tokLimit = firstLong(h, "anthropic-ratelimit-tokens-limit", "x-ratelimit-limit-tokens");
        Long tokRemaining = firstLong(h, "anthropic-ratelimit-tokens-remaining", "x-ratelimit-remaining-tokens");
        Instant tokReset = reset(h, now, "anthropic-ratelimit-tokens-reset", "x-ratelimit-reset-tokens");
        Duration retryAfter = retryAfter(h.get("retry-after"), now);
        return new RateLimits(reqLimit, reqRemaining, reqReset, tokLimit, tokRemaining, tokReset, retryAfter);
    }

    /** Go's time.Duration text as OpenAI sends it ("6m0s", "1s", "250ms", "1h2m3.5s"); null when it is not one. */
    public static Duration parseGoDuration(String text) {
        if (text == null) return null;
        String s = text.trim();
        if (s.isEmpty()) return null;
        Matcher m = GO_PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) return null;
            BigDecimal n = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        if (pos != s.length()) {
            // a bare number: seconds (some OpenAI-compatible servers send "12")
            try {
                return pos == 0 ? Duration.ofMillis(new BigDecimal(s).movePointRight(3).longValueExact()) : null;
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static Long firstLong(Lookup h, String... names) {
        for (String n : names) {
            String v = h.get(n);
            if (v == null) continue;
            try {
                // some servers send "59.0" or "1e6"; budgets are whole requests/tokens
                return new BigDecimal(v.trim()).longValue();
            } catch (NumberFormatException e) {
                // ignore a malformed header
            }
        }
        return null;
    }

    private static Instant reset(Lookup h, Instant now, String... names) {
        for (String n : names) {
            String v = h.get(n);
            if (v == null || v.isBlank()) continue;
            String s = v.trim();
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                Duration d = parseGoDuration(s);
                if (d != null) return now.plus(d);
            }
        }
        return null;
    }

    private static Duration retryAfter(String v, Instant now) {
        if (v == null || v.isBlank()) return null;
        String s = v.trim();
        try {
            BigDecimal seconds = new BigDecimal(s);
            return seconds.signum() < 0 ? null : Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Case-insensitive header access over whatever map the HTTP adapter produced. */
    private static final class Lookup {
        private final Map<String, List<String>> headers;

        Lookup(Map<String, List<String>> headers) {
            this.headers = headers == null ? Map.of() : headers;
        }

        String get(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name)
                        && e.getValue() != null && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }
}
