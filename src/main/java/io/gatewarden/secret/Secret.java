package io.gatewarden.secret;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A token, API key, signing key or secret URL in memory. Its {@code toString()} and JSON form are only its
 * {@link Fingerprint} ({@code fp:} + 8 hex of its SHA-256), so a record, log line or exception that holds one shows
 * {@code fp:1a2b3c4d}, never the value. Surrounding whitespace (a trailing newline in a secret file) is not part of it.
 */
public final class Secret {
    private final String value;
    private final String fingerprint;

    private Secret(String value) {
        this.value = value;
        this.fingerprint = Fingerprint.of(value);
    }

    @JsonCreator
    public static Secret of(String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("a secret must not be empty");
        return new Secret(value.strip());
    }

    /** The raw value: pass it only to the HTTP layer or a child process, never to a message, log line or file. */
    public String reveal() {
        return value;
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** {@code text} with every verbatim occurrence of this secret replaced by its fingerprint (error bodies echo keys). */
    public String redact(String text) {
        return text == null ? null : text.replace(value, fingerprint);
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
