package io.gatewarden.util;

import java.time.Duration;

/**
 * The checks the settings records run on their values, with one wording for every key, e.g.
 * {@code restart.probe_timeout must be positive, got PT0S} (the config loader turns the key into a file:line and the
 * duration into a human one). The key is the one the user wrote, as much of its path as the record knows.
 */
public final class SettingChecks {
    private SettingChecks() {
    }

    /** {@code d}, which must be set and longer than zero. */
    public static Duration positive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) throw new IllegalArgumentException(key + " must be positive, got " + d);
        return d;
    }

    /** {@code d}, or {@code dflt} when it is not set; a set value must be longer than zero. */
    public static Duration positive(Duration d, Duration dflt, String key) {
        return d == null ? dflt : positive(key, d);
    }

    /** {@code d}, or {@code dflt} when it is not set; a set value may be zero but not negative. */
    public static Duration nonNegative(Duration d, Duration dflt, String key) {
        if (d == null) return dflt;
        if (d.isNegative()) throw new IllegalArgumentException(key + " must not be negative, got " + d);
        return d;
    }

    /** {@code v}, which must be at least {@code min}. */
    public static Integer atLeast(String key, Integer v, int min) {
        if (v < min) throw new IllegalArgumentException(key + " must be at least " + min + ", got " + v);
        return v;
    }
}
