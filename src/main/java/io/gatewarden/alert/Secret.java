package io.gatewarden.alert;

import io.gatewarden.secret.Fingerprint;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A token, signing key or secret URL. Its {@code toString()} and JSON form are only a fingerprint
 * ({@code fp:} + 8 hex chars of its SHA-256), so a record that holds one can be logged or dumped safely.
 */
public final class Secret {
    private final String value;
    private final String fingerprint;

    private Secret(String value) {
        this.value = value;
        this.fingerprint = fingerprintOf(value);
    }

    @JsonCreator
    public static Secret of(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("a secret must not be empty");
        return new Secret(value.strip());
    }

    /** The raw value: pass it only to the HTTP layer, never to a message, log line or file. */
    public String reveal() {
        return value;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public static String fingerprintOf(String value) {
        return Fingerprint.of(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return fingerprint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
