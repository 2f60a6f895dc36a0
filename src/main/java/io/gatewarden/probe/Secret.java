package io.gatewarden.probe;

import io.gatewarden.secret.Fingerprint;

/**
 * An API key in memory. Its {@link #toString()} is the fingerprint, so a key that ends up in a log line,
 * an exception or a record's toString shows as {@code fp:1a2b3c4d}, never as itself.
 */
public final class Secret {
    private final String value;
    private final String fingerprint;

    public Secret(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("secret is empty");
        this.value = value.strip();
        this.fingerprint = fingerprintOf(this.value);
    }

    /** The key itself: only for building a request header. */
    public String reveal() {
        return value;
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** Replaces every occurrence of the key in {@code text} by its fingerprint (error bodies sometimes echo it). */
    public String redact(String text) {
        return text == null ? null : text.replace(value, fingerprint);
    }

    /** "fp:" plus the first 8 hex chars of the key's SHA-256. */
    public static String fingerprintOf(String value) {
        return Fingerprint.of(value);
    }

    @Override
    public String toString() {
        return fingerprint;
    }
}
