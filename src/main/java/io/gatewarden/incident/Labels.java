package io.gatewarden.incident;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Label maps are sorted and immutable, and never hold null values, so equal labels mean equal keys. */
public final class Labels {
    /** The class of the maps built here: such a map is already normal and is passed on as it is. */
    private static final Class<?> NORMAL = Collections.unmodifiableSortedMap(new TreeMap<String, String>()).getClass();

    private Labels() {}

    public static Map<String, String> of(Map<String, String> in) {
        if (in == null || in.isEmpty()) return Map.of();
        // every signal passes its labels through here two or three times: do not copy what is already normal
        if (isNormal(in)) return in;
        TreeMap<String, String> m = new TreeMap<>();
        in.forEach((k, v) -> { if (k != null && v != null && !v.isEmpty()) m.put(k, v); });
        return Collections.unmodifiableSortedMap(m);
    }

    /** Builds labels from alternating key, value arguments; null values are dropped. */
    public static Map<String, String> of(String... kv) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null && !kv[i + 1].isEmpty()) m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableSortedMap(m);
    }

    private static boolean isNormal(Map<String, String> in) {
        if (in.getClass() != NORMAL || ((SortedMap<String, String>) in).comparator() != null) return false;
        for (Map.Entry<String, String> e : in.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue().isEmpty()) return false;
        }
        return true;
    }
}
