package io.gatewarden.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.time.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A mutating request's JSON object, read strictly: unknown fields are refused (a typo must not silently do something
 * else), and every problem is a 400 that names the field. An empty body is an empty object.
 */
public final class Body {
    static final int MAX_TEXT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode node;

    private Body(ObjectNode node) {
        this.node = node;
    }

    public static Body parse(String raw) {
        if (raw == null || raw.isBlank()) return new Body(JSON.createObjectNode());
        JsonNode n;
        try {
            n = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || n.isNull() || n.isMissingNode()) return new Body(JSON.createObjectNode());
        if (!(n instanceof ObjectNode o)) throw ApiException.badRequest(null, "the body must be a JSON object, got " + kind(n));
        return new Body(o);
    }

    /** Refuses fields outside {@code allowed}. */
    public Body allowOnly(Set<String> allowed) {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) unknown.add(f);
        }
        if (!unknown.isEmpty()) {
            String f = unknown.iterator().next();
            throw ApiException.badRequest(f, "unknown field '" + f + "' (known: " + new TreeSet<>(allowed) + ")");
        }
        return this;
    }

    /** A string field, trimmed, control characters removed; null when absent or null. */
    public String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.badRequest(field, field + ": must be a string, got " + kind(v));
        String s = clean(v.textValue());
        if (s.length() > MAX_TEXT) throw ApiException.badRequest(field, field + ": longer than " + MAX_TEXT + " characters");
        return s.isEmpty() ? null : s;
    }

    public String requiredText(String field) {
        String s = text(field);
        if (s == null) throw ApiException.badRequest(field, field + ": is required");
        return s;
    }

    /** {@code provider/model}, e.g. anthropic/claude-sonnet-4-5. */
    public String requiredModel(String field) {
        String s = requiredText(field);
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1 || s.chars().anyMatch(Character::isWhitespace)) {
            throw ApiException.badRequest(field, field + ": must be provider/model (e.g. anthropic/claude-sonnet-4-5), got '" + s + "'");
        }
        return s;
    }

    public Boolean bool(String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ApiException.badRequest(field, field + ": is required (true or false)");
            return null;
        }
        if (!v.isBoolean()) throw ApiException.badRequest(field, field + ": must be true or false, got " + kind(v));
        return v.booleanValue();
    }

    /** A duration: "30s", "10m", "1h30m", ISO-8601, or a number of seconds. */
    public Duration duration(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        try {
            Duration d = v.isNumber() ? Duration.ofSeconds(v.longValue()) : v.isTextual() ? Durations.parse(v.textValue()) : null;
            if (d == null) throw ApiException.badRequest(field, field + ": must be a duration like \"30m\", got " + kind(v));
            if (d.isNegative() || d.isZero()) throw ApiException.badRequest(field, field + ": must be positive");
            return d;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ApiException.badRequest(field, field + ": " + e.getMessage());
        }
    }

    /** An ISO-8601 instant, e.g. 2026-11-23T12:00:00Z. */
    public Instant instant(String field) {
        String s = text(field);
        if (s == null) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(field, field + ": must be an ISO-8601 time like 2026-11-23T12:00:00Z, got '" + s + "'");
            }
        }
    }

    /** A list of strings (at most {@code max}), each at most {@link #MAX_TEXT} characters. */
    public List<String> strings(String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw ApiException.badRequest(field, field + ": must be a list of strings, got " + kind(v));
        if (v.size() > max) throw ApiException.badRequest(field, field + ": at most " + max + " entries");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String f = field + "[" + i + "]";
            if (!e.isTextual()) throw ApiException.badRequest(f, f + ": must be a string, got " + kind(e));
            String s = clean(e.textValue());
            if (s.length() > MAX_TEXT) throw ApiException.badRequest(f, f + ": longer than " + MAX_TEXT + " characters");
            out.add(s);
        }
        return out;
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().filter(c -> !Character.isISOControl(c)).forEach(sb::appendCodePoint);
        return sb.toString().trim();
    }

    private static String kind(JsonNode n) {
        JsonNodeType t = n.getNodeType();
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
