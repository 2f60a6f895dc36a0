package io.gatewarden.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** "did you mean ...?" for a mistyped key or type name: the few known names closest to what was written. */
final class KeyHints {
    static final int MAX_SUGGESTIONS = 3;
    /** Up to this many known names are listed in full when none is close. */
    static final int MAX_LISTED = 8;

    private KeyHints() {}

    /** Known names close to {@code typed}, closest first (at most {@link #MAX_SUGGESTIONS}). */
    static List<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> close(t, k.toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparingInt((String k) -> distance(t, k.toLowerCase(Locale.ROOT))).thenComparing(k -> k))
                .limit(MAX_SUGGESTIONS)
                .toList();
    }

    /**
     * A short hint after "unknown key 'x'": "did you mean 'a'?" / "did you mean 'a' or 'b'?", else the known names
     * when there are few, else only how many there are.
     */
    static String hint(String typed, Collection<String> known, String where) {
        List<String> near = closest(typed, known);
        if (!near.isEmpty()) {
            return "did you mean " + near.stream().map(k -> "'" + k + "'").collect(Collectors.joining(" or ")) + "?";
        }
        List<String> sorted = known.stream().sorted().toList();
        if (sorted.isEmpty()) return where + " takes no keys";
        if (sorted.size() <= MAX_LISTED) return where + " takes " + String.join(", ", sorted);
        return "not one of the " + sorted.size() + " keys of " + where + "; config/gatewarden.yaml lists them all";
    }

    /**
     * Close enough to be a typo: a small edit distance (one edit per four characters, at least two), or one name
     * is a part of the other (a dropped or added prefix/suffix: {@code interval} for {@code poll_interval}).
     */
    static boolean close(String typed, String known) {
        if (typed.isEmpty()) return false;
        if (typed.length() >= 3 && (known.contains(typed) || typed.contains(known) && known.length() >= 3)) return true;
        int allowed = Math.max(2, Math.max(typed.length(), known.length()) / 4);
        return distance(typed, known) <= allowed;
    }

    /** Levenshtein distance (insert, delete, substitute; each costs 1), two rows of memory. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
