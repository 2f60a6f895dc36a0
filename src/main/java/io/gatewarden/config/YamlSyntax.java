package io.gatewarden.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a YAML syntax error (SnakeYAML's multi-line message) into one line a human can act on, at the line that
 * needs fixing, with the dotted key of that line worked out from the indentation of the lines above it.
 */
final class YamlSyntax {
    /** A block-style key line: indentation, an optional list dash, the key (maybe quoted), a colon. */
    private static final Pattern KEY_LINE =
            Pattern.compile("^([ \\t]*)(-[ \\t]+)?(?:\"([^\"]+)\"|'([^']+)'|([^\\s#'\"\\-][^:#]*?|-[^\\s:#][^:#]*?))[ \\t]*:(?:[ \\t]|$)");
    private static final Pattern DASH_LINE = Pattern.compile("^([ \\t]*)-(?:[ \\t]|$)");

    /** Where and what: line 1-based, key may be null. */
    record Problem(int line, int column, String key, String reason) {}

    private YamlSyntax() {}

    static Problem describe(Throwable error, String text) {
        MarkedYAMLException marked = find(error);
        List<String> lines = text.lines().toList();
        if (marked == null) {
            return new Problem(0, 0, null, "not valid YAML: " + oneLine(error.getMessage()));
        }
        Mark at = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
        // An error found at the end of the file (an unclosed list or string) is best shown where it started.
        if (at != null && blank(lines, at.getLine()) && marked.getContextMark() != null) at = marked.getContextMark();
        int line = at == null ? 0 : at.getLine() + 1;
        int column = at == null ? 0 : at.getColumn() + 1;
        String key = line > 0 ? keyAt(lines, line - 1) : null;
        return new Problem(line, column, key, "not valid YAML: " + explain(marked) + (column > 0 ? " (column " + column + ")" : ""));
    }

    private static String explain(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        if (problem.contains("\\t(TAB)") || problem.contains("(TAB)") || problem.toLowerCase().contains("tab")) {
            return "a tab character in the indentation; indent with spaces only";
        }
        if (problem.startsWith("expected <block end>")) {
            return "the indentation does not line up: keys of one section must start in the same column";
        }
        if (problem.startsWith("mapping values are not allowed")) {
            return "unexpected ':' (a key indented too deep, or a value containing ': ' that needs quotes)";
        }
        if (context.contains("flow sequence")) return "a list opened with '[' is not closed with ']'";
        if (context.contains("flow mapping")) return "a mapping opened with '{' is not closed with '}'";
        if (context.contains("quoted scalar")) return "a quoted string is not closed";
        if (problem.contains("could not find expected ':'")) return "a line without ':' where a key was expected";
        String both = context.isEmpty() ? problem : problem + " (" + context + ")";
        return oneLine(both);
    }

    /**
     * The dotted key written on {@code index} (0-based), with its parents found by indentation: the nearest line above
     * with a smaller indentation is the parent. List items get their position, as in {@code probe.providers[0].kind}.
     * Null when the line holds no key.
     */
    static String keyAt(List<String> lines, int index) {
        if (index < 0 || index >= lines.size()) return null;
        Matcher m = KEY_LINE.matcher(lines.get(index));
        if (!m.find()) return null;
        String path = name(m);
        int indent = keyColumn(m);
        if (m.group(2) != null) {
            // the key opens a list item: its parent is the list's key, its position counts the dashes before it
            int dash = m.group(1).length();
            path = "[" + itemIndex(lines, index, dash) + "]." + path;
            indent = dash;
        }
        for (int i = index - 1; i >= 0 && indent > 0; i--) {
            String l = lines.get(i);
            if (blankOrComment(l)) continue;
            Matcher k = KEY_LINE.matcher(l);
            Matcher d = DASH_LINE.matcher(l);
            if (k.find()) {
                int col = keyColumn(k);
                if (k.group(2) != null && k.group(1).length() < indent && col >= indent) {
                    // the first key of the list item we are in
                    int dash = k.group(1).length();
                    path = "[" + itemIndex(lines, i, dash) + "]." + path;
                    indent = dash;
                } else if (col < indent) {
                    String name = name(k);
                    if (k.group(2) != null) {
                        int dash = k.group(1).length();
                        path = "[" + itemIndex(lines, i, dash) + "]." + name + "." + path;
                        indent = dash;
                    } else {
                        path = name + (path.startsWith("[") ? "" : ".") + path;
                        indent = col;
                    }
                }
            } else if (d.find() && d.group(1).length() < indent) {
                int dash = d.group(1).length();
                path = "[" + itemIndex(lines, i, dash) + "]." + path;
                indent = dash;
            }
        }
        return path.startsWith("[") ? null : path;
    }

    /** How many list items at {@code dashColumn} come before line {@code index} within the same list. */
    private static int itemIndex(List<String> lines, int index, int dashColumn) {
        int n = 0;
        for (int i = index - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (blankOrComment(l)) continue;
            int ind = indentOf(l);
            Matcher d = DASH_LINE.matcher(l);
            if (d.find() && d.group(1).length() == dashColumn) n++;
            else if (ind < dashColumn || ind == dashColumn && !l.stripLeading().startsWith("-")) break;
        }
        return n;
    }

    private static String name(Matcher m) {
        String n = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
        return n.strip();
    }

    private static int keyColumn(Matcher m) {
        return m.group(1).length() + (m.group(2) == null ? 0 : m.group(2).length());
    }

    private static int indentOf(String l) {
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) i++;
        return i;
    }

    private static boolean blankOrComment(String l) {
        String s = l.strip();
        return s.isEmpty() || s.startsWith("#") || s.equals("---");
    }

    private static boolean blank(List<String> lines, int index) {
        return index >= lines.size() || blankOrComment(lines.get(index));
    }

    private static MarkedYAMLException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MarkedYAMLException m) return m;
        }
        return null;
    }

    static String oneLine(String s) {
        if (s == null) return "";
        return s.replaceAll("\\s*\\n\\s*", " ").strip();
    }
}
