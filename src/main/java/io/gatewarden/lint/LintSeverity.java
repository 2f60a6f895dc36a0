package io.gatewarden.lint;

import io.gatewarden.incident.Severity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How bad a finding is: an error breaks a rung, a warning weakens the chain, info is worth knowing. */
public enum LintSeverity {
    ERROR, WARNING, INFO;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LintSeverity fromWireName(String s) {
        for (LintSeverity v : values()) {
            if (v.wireName().equalsIgnoreCase(s.trim())) return v;
        }
        throw new IllegalArgumentException("'" + s + "' is not one of: error, warning, info");
    }

    /** The incident severity a finding of this severity raises. */
    public Severity incidentSeverity() {
        return switch (this) {
            case ERROR -> Severity.CRITICAL;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
        };
    }

    /** True when this is at least as severe as {@code other}. */
    public boolean atLeast(LintSeverity other) {
        return ordinal() <= other.ordinal();
    }
}
