package io.gatewarden.incident;

import java.util.Map;

/** The episode identity: type plus sorted labels, as one string (also used in alert grouping). */
public final class IncidentKey {
    private IncidentKey() {}

    public static String of(IncidentType type, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(type.wireName()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : Labels.of(labels).entrySet()) {
            if (!first) sb.append(',');
            sb.append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return sb.append('}').toString();
    }
}
