package io.gatewarden.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * What one tslog line holds, read in a single streaming pass. The shapes OpenClaw writes:
 * <ul>
 *   <li>logger lines: {@code "0"} = bindings as a JSON <em>string</em> ({@code "{\"subsystem\":\"gateway\"}"}),
 *       {@code "1"}, {@code "2"}… = arguments (a text, and/or an object with {@code event}, in either order);</li>
 *   <li>console/CLI lines: {@code "0"} = the plain text, no bindings;</li>
 *   <li>verbose lines: {@code "0"} = an object {@code {"message": text}}, {@code "1"} = "verbose".</li>
 * </ul>
 * plus {@code _meta.logLevelId}, top-level {@code time}, {@code session_id}, {@code agent_id}, {@code traceId}.
 * The flattened {@code message}, {@code _meta.path} and the rest are skipped undecoded.
 */
final class TslogLine {
    /** Logger subsystem from the bindings ("module" when there is no subsystem, as cron writes). */
    String subsystem;
    /** True when "0" held logger bindings (a logger line); false for console/CLI lines. */
    boolean hasBindings;
    /** The text in "0" for console/CLI lines, or "0".message for verbose lines. */
    String text0;
    /** The first string argument ("1", "2", …). */
    String firstArg;
    /** The first object argument. */
    EventFields fields;
    int level;
    String time;
    String sessionId;
    String agentId;
    String traceId;

    /** The line's own message: the first text argument of a logger line, else the console text. */
    String text() {
        if (hasBindings) return firstArg != null ? firstArg : text0;
        return text0 != null ? text0 : firstArg;
    }

    /** A line that is well-formed JSON but not one tslog object (an array, a string, two objects, …). */
    static final class NotALine extends Exception {
        NotALine(String what) {
            super(what, null, false, false); // expected on bad input: no stack trace to fill
        }
    }

    /** Reads one whole line: exactly one JSON object, nothing but whitespace after it. */
    static TslogLine read(JsonParser p) throws IOException, NotALine {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new NotALine(first == null ? "empty line" : "JSON " + describe(first) + ", not an object");
        }
        TslogLine out = new TslogLine();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            // field names come canonicalized (hash cached) from Jackson, so this switch is cheap
            switch (name) {
                case "0" -> out.readBindings(p, t);
                case "1", "2", "3", "4", "5", "6", "7", "8", "9" -> out.readArg(p, t);
                case "_meta" -> out.readMeta(p, t);
                case "time" -> out.time = stringOrNull(p, t);
                case "session_id" -> out.sessionId = stringOrNull(p, t);
                case "agent_id" -> out.agentId = stringOrNull(p, t);
                case "traceId" -> out.traceId = stringOrNull(p, t);
                default -> {
                    if (isArgKey(name)) out.readArg(p, t);
                    else p.skipChildren();
                }
            }
        }
        if (p.nextToken() != null) throw new NotALine("trailing content after the JSON object");
        return out;
    }

    private void readBindings(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            char[] chars = p.getTextCharacters();
            int off = p.getTextOffset();
            int len = p.getTextLength();
            if (len > 1 && chars[off] == '{') {
                hasBindings = true;
                subsystem = Bindings.subsystem(chars, off, len);
            } else {
                text0 = new String(chars, off, len);
            }
        } else if (t == JsonToken.START_OBJECT) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (name.equals("message") && v == JsonToken.VALUE_STRING) text0 = p.getText();
                else p.skipChildren();
            }
        } else {
            p.skipChildren();
        }
    }

    private void readArg(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            if (firstArg == null) firstArg = p.getText();
        } else if (t == JsonToken.START_OBJECT && fields == null) {
            fields = EventFields.read(p);
        } else {
            p.skipChildren();
        }
    }

    private void readMeta(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (name.equals("logLevelId") && v == JsonToken.VALUE_NUMBER_INT) {
                level = p.getIntValue();
            } else {
                p.skipChildren();
            }
        }
    }

    /** Argument keys are small decimal numbers: "0", "1", "2", … */
    private static boolean isArgKey(String name) {
        int n = name.length();
        if (n == 0 || n > 3) return false;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static String stringOrNull(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) return p.getText();
        p.skipChildren();
        return null;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }
}
