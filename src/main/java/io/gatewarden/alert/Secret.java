package io.gatewarden.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "fp:" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
