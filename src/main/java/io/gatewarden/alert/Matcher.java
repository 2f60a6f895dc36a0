package io.gatewarden.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager writes them: {@code name=value}, {@code name!=value}, {@code name=~regex},
 * {@code name!~regex}. Regexes are anchored; a missing label matches as the empty string. Values may be quoted.
 */
public final class Matcher {
    public enum Op {
        EQ("="), NE("!="), RE("=~"), NRE("!~");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    private static final Pattern SYNTAX = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

    private final String name;
    private final Op op;
    private final String value;
    private final Pattern regex;

    public Matcher(String name, Op op, String value) {
        this.name = name;
        this.op = op;
        this.value = value == null ? "" : value;
        Pattern p = null;
        if (op == Op.RE || op == Op.NRE) {
            try {
                p = Pattern.compile("^(?:" + this.value + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher " + name + op.symbol + this.value + ": bad regex: " + e.getDescription());
            }
        }
        this.regex = p;
    }

    @JsonCreator
    public static Matcher parse(String text) {
        if (text == null) throw new IllegalArgumentException("matcher is missing");
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher (use name=value, name!=value, name=~regex or name!~regex)");
        }
        Op op = switch (m.group(2)) {
            case "=" -> Op.EQ;
            case "!=" -> Op.NE;
            case "=~" -> Op.RE;
            default -> Op.NRE;
        };
        return new Matcher(m.group(1), op, unquote(m.group(3)));
    }

    public static List<Matcher> parseAll(List<String> texts) {
        return texts == null ? List.of() : texts.stream().map(Matcher::parse).toList();
    }

    /** True when every matcher matches (an empty list matches everything). */
    public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) return false;
        }
        return true;
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.getOrDefault(name, "");
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> regex.matcher(v).matches();
            case NRE -> !regex.matcher(v).matches();
        };
    }

    public String name() { return name; }
    public Op op() { return op; }
    public String value() { return value; }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    @JsonValue
    @Override
    public String toString() {
        return name + op.symbol + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return (name + op.symbol + value).hashCode();
    }
}
