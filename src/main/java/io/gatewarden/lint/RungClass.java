package io.gatewarden.lint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a rung costs and where it runs, for the order policy. */
public enum RungClass {
    /** Runs on the gateway's host or LAN (Ollama, LM Studio, vLLM, ... or any loopback/private baseUrl). */
    LOCAL,
    /** Hosted but free: {@code :free} models, zero-cost model definitions, configured free providers. */
    FREE,
    /** Everything else. */
    PAID;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RungClass fromWireName(String s) {
        for (RungClass v : values()) {
            if (v.wireName().equalsIgnoreCase(s.trim())) return v;
        }
        throw new IllegalArgumentException("'" + s + "' is not one of: local, free, paid");
    }
}
