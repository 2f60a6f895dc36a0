package io.gatewarden.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads log timestamps. tslog writes {@code 2026-11-23T12:01:38.050+00:00} on every line, and
 * {@link java.time.format.DateTimeFormatter} costs about a microsecond per call, which is a third of the
 * whole per-line budget; so the common shape is read by hand and anything else goes to the JDK.
 */
public final class IsoTimes {
    /**
     * The last second read, with its offset: consecutive log lines mostly share it, so the calendar
     * arithmetic is done once per second of log. Immutable and replaced whole, so threads may race on it.
     */
    private static final class Second {
        final String text; // "yyyy-MM-ddTHH:mm:ss" as written
        final String offset; // the offset as written: "+00:00", "Z", ...
        final long epochSecond;

        Second(String text, String offset, long epochSecond) {
            this.text = text;
            this.offset = offset;
            this.epochSecond = epochSecond;
        }
    }

    private static volatile Second last = new Second("", "", 0);

    private IsoTimes() {}

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM|±HHMM|±HH)}, a space instead of 'T' allowed.
     * Returns null when the text is not such a timestamp (never throws).
     */
    public static Instant parse(String s) {
        if (s == null) return null;
        Instant fast = parseFast(s);
        if (fast != null) return fast;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Epoch milliseconds as an instant; null for absurd values (outside years 1970..9999). */
    public static Instant ofEpochMillis(long ms) {
        if (ms < 0 || ms > 253_402_300_799_999L) return null;
        return Instant.ofEpochMilli(ms);
    }

    private static Instant parseFast(String s) {
        int n = s.length();
        if (n < 20) return null;
        // the fraction and the offset follow the seconds
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            i++;
            int start = i;
            int scale = 100_000_000;
            while (i < n) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') break;
                if (scale > 0) {
                    nanos += (c - '0') * scale;
                    scale /= 10;
                }
                i++;
            }
            if (i == start) return null;
        }
        if (i >= n) return null;
        Second cached = last;
        if (s.regionMatches(0, cached.text, 0, 19) && n - i == cached.offset.length()
                && s.regionMatches(i, cached.offset, 0, n - i)) {
            return Instant.ofEpochSecond(cached.epochSecond, nanos);
        }
        long epochSecond = epochSecond(s, i);
        if (epochSecond == Long.MIN_VALUE) return null;
        last = new Second(s.substring(0, 19), s.substring(i), epochSecond);
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Epoch second of "yyyy-MM-ddTHH:mm:ss" at 0 with the offset at {@code i}, or Long.MIN_VALUE. */
    private static long epochSecond(String s, int i) {
        int n = s.length();
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        int offsetSeconds;
        char sign = s.charAt(i);
        if (sign == 'Z' || sign == 'z') {
            if (i + 1 != n) return Long.MIN_VALUE;
            offsetSeconds = 0;
        } else if (sign == '+' || sign == '-') {
            int rest = n - i - 1;
            int oh;
            int om;
            if (rest == 5 && s.charAt(i + 3) == ':') {
                oh = digits(s, i + 1, 2);
                om = digits(s, i + 4, 2);
            } else if (rest == 4) {
                oh = digits(s, i + 1, 2);
                om = digits(s, i + 3, 2);
            } else if (rest == 2) {
                oh = digits(s, i + 1, 2);
                om = 0;
            } else {
                return Long.MIN_VALUE;
            }
            if (oh < 0 || om < 0 || oh > 18 || om > 59) return Long.MIN_VALUE;
            offsetSeconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
        } else {
            return Long.MIN_VALUE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        return epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    }

    /** The number written with {@code len} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
