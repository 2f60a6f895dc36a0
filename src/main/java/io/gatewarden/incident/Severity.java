package io.gatewarden.incident;

import java.util.Locale;

public enum Severity {
    INFO, WARNING, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public Severity max(Severity other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
