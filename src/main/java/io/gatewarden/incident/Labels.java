package io.gatewarden.incident;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Label maps are sorted and immutable, and never hold null values, so equal labels mean equal keys. */
public final class Labels {
    private Labels() {}

    public static Map<String, String> of(Map<String, String> in) {
        if (in == null || in.isEmpty()) return Map.of();
        TreeMap<String, String> m = new TreeMap<>();
        in.forEach((k, v) -> { if (k != null && v != null && !v.isEmpty()) m.put(k, v); });
        return Collections.unmodifiableMap(m);
    }

    /** Builds labels from alternating key, value arguments; null values are dropped. */
    public static Map<String, String> of(String... kv) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null && !kv[i + 1].isEmpty()) m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
