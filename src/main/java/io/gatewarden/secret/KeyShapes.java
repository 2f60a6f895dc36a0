package io.gatewarden.secret;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one table of what a credential looks like in text we did not write (log lines, HTTP error bodies, command
 * output), and the cheap pre-check that rules them all out. Each shape is a part kept as it is (a label, a scheme) and
 * the value that {@link Redactor#mask} replaces by its fingerprint.
 *
 * <p>Minimum lengths, chosen against false positives: a provider key's tail is at least 16 characters (the shortest
 * real ones, DeepSeek's {@code sk-} + 32 hex, are far longer; shorter tails are ids or OpenClaw's own masked fragments
 * such as {@code sk-fake-...-key-111}); a labelled value ({@code apiKey: …}) or a bearer token needs 6 / 12 characters
 * (below that it is a flag, a count or an English word: "Bearer realm"). A value already shown as {@code fp:1a2b3c4d}
 * is never masked again, so masking is idempotent.
 */
final class KeyShapes {
    /** Characters of a key: a dot ends one ({@code sk-fake-...-key-111}), except in bearer tokens and JWTs. */
    private static final String KEY_CHAR = "[A-Za-z0-9_-]";
    /** A token shape starts a word: {@code task-sk-…} is not a key. */
    private static final String WORD_START = "(?<![A-Za-z0-9_-])";
    private static final String LABEL = "(?i:api[_-]?key|token|secret|password|passwd|authorization)";
    private static final String NOT_A_FINGERPRINT = "(?!fp:[0-9a-f]{8})";
    private static final String LABELLED_VALUE_CHAR = "[^\\s\"',}&\\\\]";

    /**
     * @param kept     regex of the text left in place before the value ("" for a bare token)
     * @param value    regex of the value, whole
     * @param cutValue regex of the value when it runs into the end of a cut text (any length), or null
     */
    record Shape(String name, String kept, String value, String cutValue) {}

    static final List<Shape> SHAPES = List.of(
            // OpenAI sk-…, sk-proj-…, Anthropic sk-ant-api03-…, OpenRouter sk-or-v1-…, DeepSeek/Moonshot sk-…
            new Shape("provider key", "", WORD_START + "sk-" + KEY_CHAR + "{16,}", WORD_START + "sk-" + KEY_CHAR + "+"),
            // Slack bot/user/app/… tokens
            new Shape("slack token", "", WORD_START + "(?:xox[abposr]|xapp)-" + KEY_CHAR + "{10,}",
                    WORD_START + "(?:xox[abposr]|xapp)-" + KEY_CHAR + "+"),
            new Shape("google api key", "", WORD_START + "AIza" + KEY_CHAR + "{16,}", WORD_START + "AIza" + KEY_CHAR + "+"),
            new Shape("github token", "", WORD_START + "(?:gh[pousr]_|github_pat_)" + KEY_CHAR + "{16,}",
                    WORD_START + "(?:gh[pousr]_|github_pat_)" + KEY_CHAR + "+"),
            // the path of a Slack incoming webhook is its credential
            new Shape("slack webhook url", "", "hooks\\.slack\\.com/services/[A-Za-z0-9/]+", "hooks\\.slack\\.com/services/[A-Za-z0-9/]+"),
            new Shape("jwt", "", WORD_START + "eyJ" + KEY_CHAR + "{8,}\\." + KEY_CHAR + "{8,}\\." + KEY_CHAR + "{8,}",
                    WORD_START + "eyJ[A-Za-z0-9_.-]+"),
            new Shape("bearer token", "(?i:bearer)\\s+", "[A-Za-z0-9._~+/=-]{12,}", "[A-Za-z0-9._~+/=-]+"),
            // apiKey: "…", api_key=…, "token": "…", password: …, Authorization: Bearer|Basic …; the label stays
            new Shape("labelled value", LABEL + "\\s*[\"']?\\s*[:=]\\s*[\"']?(?:(?i:bearer|basic)\\s+)?+",
                    NOT_A_FINGERPRINT + LABELLED_VALUE_CHAR + "{6,}", NOT_A_FINGERPRINT + LABELLED_VALUE_CHAR + "+"));

    /** Every shape, whole. */
    static final Pattern WHOLE = compile(false);
    /** Every shape that can be told from its start, run into the end of the text. */
    static final Pattern CUT = compile(true);

    private KeyShapes() {}

    private static Pattern compile(boolean cut) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < SHAPES.size(); i++) {
            Shape s = SHAPES.get(i);
            if (i > 0) sb.append('|');
            // a shape without a cut form still needs its groups: it matches nothing then
            String value = cut ? (s.cutValue() == null ? "(?!)" : s.cutValue() + "\\z") : s.value();
            sb.append("(?<k").append(i).append('>').append(s.kept()).append(")(?<v").append(i).append('>').append(value).append(')');
        }
        return Pattern.compile(sb.toString());
    }

    /** Which shape a match of {@link #WHOLE} or {@link #CUT} is. */
    static int matched(Matcher m) {
        for (int i = 0; i < SHAPES.size(); i++) {
            if (m.start(valueGroup(i)) >= 0) return i;
        }
        throw new IllegalStateException("a match of no shape");
    }

    static String keptGroup(int shape) {
        return "k" + shape;
    }

    static String valueGroup(int shape) {
        return "v" + shape;
    }

    /**
     * Every place where a shape may start, ascending (empty when none can match: then nothing is masked and no regex
     * runs). Each shape has a marker found with {@link String#indexOf(int, int)} (which the JVM vectorizes), and only
     * the marker's surroundings are read: "sk-" a dash at +2, "xoxb-"/"xapp-" a dash at +4, "ghp_" an underscore at +3,
     * "github_pat_" one at +6, "AIza" a 'z' at +2, "eyJ" and the Slack hook host as text, "bearer" in any case, and a
     * label before each ':' or '='. A superset: the regex decides.
     */
    static int[] starts(String text) {
        Starts out = new Starts();
        for (int p = text.indexOf('-', 2); p >= 0; p = text.indexOf('-', p + 1)) {
            if (text.charAt(p - 1) == 'k' && tokenAt(text, p - 2)) out.add(p - 2);
            if (p >= 4 && text.charAt(p - 4) == 'x' && tokenAt(text, p - 4)) out.add(p - 4);
        }
        for (int p = text.indexOf('_', 3); p >= 0; p = text.indexOf('_', p + 1)) {
            if (text.charAt(p - 3) == 'g' && tokenAt(text, p - 3)) out.add(p - 3);
            if (p >= 6 && text.charAt(p - 6) == 'g' && tokenAt(text, p - 6)) out.add(p - 6);
        }
        for (int p = text.indexOf('z', 2); p >= 0; p = text.indexOf('z', p + 1)) {
            if (text.charAt(p - 1) == 'I' && tokenAt(text, p - 2)) out.add(p - 2);
        }
        for (int p = text.indexOf("eyJ"); p >= 0; p = text.indexOf("eyJ", p + 1)) out.add(p);
        for (int p = text.indexOf(SLACK_HOOK); p >= 0; p = text.indexOf(SLACK_HOOK, p + 1)) out.add(p);
        bearers(text, 'b', out);
        bearers(text, 'B', out);
        labelsBefore(text, ':', out);
        labelsBefore(text, '=', out);
        return out.sorted();
    }

    private static final String SLACK_HOOK = "hooks.slack.com/services/";

    /** A token prefix at {@code at} (word start not checked: the regex does). */
    private static boolean tokenAt(String text, int at) {
        if (at < 0) return false;
        return switch (text.charAt(at)) {
            case 's' -> text.startsWith("sk-", at);
            case 'x' -> text.startsWith("xox", at) || text.startsWith("xapp-", at);
            case 'g' -> text.startsWith("gh", at) || text.startsWith("github_pat_", at);
            case 'A' -> text.startsWith("AIza", at);
            default -> false;
        };
    }

    private static void bearers(String text, char b, Starts out) {
        for (int p = text.indexOf(b); p >= 0; p = text.indexOf(b, p + 1)) {
            if (text.regionMatches(true, p, "bearer", 0, 6)) out.add(p);
        }
    }

    /** A label, then blanks, a quote and blanks, just before a {@code sep}: where the label starts. */
    private static void labelsBefore(String text, char sep, Starts out) {
        for (int p = text.indexOf(sep); p >= 0; p = text.indexOf(sep, p + 1)) {
            int j = p - 1;
            while (j >= 0 && Character.isWhitespace(text.charAt(j))) j--;
            if (j >= 0 && (text.charAt(j) == '"' || text.charAt(j) == '\'')) j--;
            while (j >= 0 && Character.isWhitespace(text.charAt(j))) j--;
            if (j < 0) continue;
            // by the label's last letter, so most separators cost one comparison
            switch (text.charAt(j) | 0x20) {
                case 'y' -> {
                    label(text, j, "apikey", out);
                    label(text, j, "api_key", out);
                    label(text, j, "api-key", out);
                }
                case 'n' -> {
                    label(text, j, "token", out);
                    label(text, j, "authorization", out);
                }
                case 't' -> label(text, j, "secret", out);
                case 'd' -> {
                    label(text, j, "password", out);
                    label(text, j, "passwd", out);
                }
                default -> { }
            }
        }
    }

    private static void label(String text, int last, String label, Starts out) {
        int from = last - label.length() + 1;
        if (from >= 0 && text.regionMatches(true, from, label, 0, label.length())) out.add(from);
    }

    /** A small growable list of positions; most texts have none, and then nothing is allocated past this. */
    private static final class Starts {
        private static final int[] NONE = new int[0];
        private int[] at = NONE;
        private int n;

        void add(int p) {
            if (n == at.length) at = java.util.Arrays.copyOf(at, Math.max(4, n * 2));
            at[n++] = p;
        }

        int[] sorted() {
            if (n == 0) return NONE;
            int[] out = java.util.Arrays.copyOf(at, n);
            java.util.Arrays.sort(out);
            return out;
        }
    }
}
