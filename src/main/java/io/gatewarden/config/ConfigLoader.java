package io.gatewarden.config;

import io.gatewarden.time.Durations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads gatewarden.yaml into {@link GatewardenConfig}. Every failure is one {@link ConfigException} that names the
 * file, the line of the offending key, the dotted key and the reason, e.g.
 * {@code gatewarden.yaml:57: tail.poll_intervall: unknown key 'poll_intervall' (did you mean 'poll_interval'?)}.
 * A file with no content (blank, only comments) means the defaults.
 */
public final class ConfigLoader {
    /** A dotted key as it appears in a settings record's message: {@code tail.poll_interval}, {@code probe.providers[x]}. */
    private static final Pattern KEY_TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*|\\[[^\\]\\s]*\\])*");
    private static final Pattern QUOTED = Pattern.compile("'([^'\\s]+)'");
    private static final Pattern FOUND = Pattern.compile("from (Array|Object|String|Integer|Floating-point|Number|Boolean|Null|Embedded Object)");
    private static final Pattern FROM_STRING_REASON = Pattern.compile("from String \"(?:[^\"\\\\]|\\\\.)*\": (.*)", Pattern.DOTALL);
    private static final Pattern ISO_DURATION = Pattern.compile("\\bPT[0-9.HMS]+\\b");

    private ConfigLoader() {}

    public static GatewardenConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, null, "file not found (looked for " + file.toAbsolutePath().normalize() + ")");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file.toString(), 0, null, "permission denied (gatewarden runs as " + System.getProperty("user.name") + ")");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), 0, null, "not UTF-8 text");
        } catch (IOException e) {
            String why = Files.isDirectory(file) ? "is a directory, not a file" : "cannot read: " + e.getMessage();
            throw new ConfigException(file.toString(), 0, null, why);
        }
        return parse(text, file.toString());
    }

    public static GatewardenConfig parse(String yaml, String source) throws ConfigException {
        YamlKeyIndex index;
        try {
            index = YamlKeyIndex.of(yaml);
        } catch (YamlKeyIndex.DuplicateKeyException d) {
            throw new ConfigException(source, d.line, d.path, "duplicate key (first set on line " + d.firstLine + "); keep one");
        } catch (IOException e) {
            YamlSyntax.Problem p = YamlSyntax.describe(e, yaml);
            throw new ConfigException(source, p.line(), p.key(), p.reason());
        }
        if (index.isEmpty()) return GatewardenConfig.defaults();
        try {
            // 1.5 for a count is a mistake, not a request for 1
            GatewardenConfig cfg = ConfigMapper.yaml().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .readValue(yaml, GatewardenConfig.class);
            return cfg == null ? GatewardenConfig.defaults() : cfg;
        } catch (JsonMappingException e) {
            throw bindingError(e, index, source);
        } catch (JsonProcessingException e) {
            YamlSyntax.Problem p = YamlSyntax.describe(e, yaml);
            throw new ConfigException(source, p.line() > 0 ? p.line() : line(e), p.key(), p.reason());
        }
    }

    // ------------------------------------------------------------------ binding errors

    private static ConfigException bindingError(JsonMappingException e, YamlKeyIndex index, String source) {
        String path = path(e);
        String key = path;
        String reason;
        if (e instanceof UnrecognizedPropertyException u) {
            String parent = YamlKeyIndex.parent(path);
            reason = "unknown key '" + u.getPropertyName() + "' ("
                    + KeyHints.hint(u.getPropertyName(), names(u.getKnownPropertyIds()), parent.isEmpty() ? "gatewarden.yaml" : parent) + ")";
        } else if (e instanceof InvalidTypeIdException t) {
            key = index.contains(path + ".type") ? path + ".type" : path;
            List<String> known = typeNames(t.getBaseType());
            String listed = known.isEmpty() ? "" : "one of " + String.join(", ", known);
            if (t.getTypeId() == null) {
                reason = "'type' is missing" + (listed.isEmpty() ? "" : " (" + listed + ")");
            } else {
                List<String> near = KeyHints.closest(t.getTypeId(), known);
                reason = "unknown type '" + t.getTypeId() + "'" + (near.isEmpty() ? (listed.isEmpty() ? "" : " (" + listed + ")")
                        : " (did you mean '" + near.get(0) + "'? " + listed + ")");
            }
        } else if (e instanceof InvalidFormatException f) {
            reason = badValue(f);
        } else if (e instanceof MismatchedInputException m && causeMessage(e) == null) {
            reason = path.isEmpty()
                    ? "expected the sections of gatewarden.yaml (state_dir:, http:, gateway:, tail:, ...), got " + found(e.getOriginalMessage())
                    : "expected " + kind(m.getTargetType()) + ", got " + found(e.getOriginalMessage());
        } else {
            // a settings record refused a value: its message names the key relative to some section
            reason = causeMessage(e);
            if (reason == null) reason = firstLine(e.getOriginalMessage());
            key = refineKey(path, reason, index);
            reason = humanDurations(withoutLeadingKey(reason, key));
            YamlKeyIndex.Entry entry = index.get(key);
            if (entry != null && entry.scalar() != null && !reason.contains(entry.scalar()) && !reason.contains("got ")) {
                reason = reason + " (got " + entry.scalar() + ")";
            }
        }
        int line = index.lineOf(key);
        return new ConfigException(source, line > 0 ? line : line(e), key.isEmpty() ? null : key, reason);
    }

    /** "Cannot deserialize value of type X from String "abc": ..." → what was expected and what was written. */
    private static String badValue(InvalidFormatException f) {
        String written = String.valueOf(f.getValue());
        Class<?> target = f.getTargetType();
        Matcher m = FROM_STRING_REASON.matcher(f.getOriginalMessage());
        String detail = m.find() ? firstLine(m.group(1)) : null;
        boolean generic = detail == null || detail.startsWith("not a valid") || detail.startsWith("only \"true\" or \"false\"")
                || detail.startsWith("Failed to deserialize") || detail.contains("`");
        if (!generic) return detail;
        return "expected " + kind(target) + ", got '" + written + "'";
    }

    /** The message of the IllegalArgumentException (or other failure) a settings record or creator threw, if any. */
    private static String causeMessage(Throwable e) {
        Throwable root = rootCause(e);
        if (root == e) return null;
        if (root instanceof NullPointerException) return "a value is missing (null) where one is required";
        return root.getMessage() == null || root.getMessage().isBlank() ? null : firstLine(root.getMessage());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root;
    }

    /** Records write durations with Duration.toString() ("PT2H"); the file says "2h". */
    static String humanDurations(String reason) {
        Matcher m = ISO_DURATION.matcher(reason);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String human;
            try {
                human = Durations.format(Duration.parse(m.group()));
            } catch (RuntimeException notOne) {
                human = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(human));
        }
        return m.appendTail(sb).toString();
    }

    /**
     * A record's constructor fails as a whole, so Jackson's path names only the section ({@code detect}); its message
     * names the key ({@code error_loop.min_runs must be at least 1}). The deepest key under the section that the
     * message mentions and the file sets is the one to point at.
     */
    static String refineKey(String path, String reason, YamlKeyIndex index) {
        String prefix = path.isEmpty() ? "" : path;
        String best = null;
        int bestLen = -1;
        List<String> tokens = new ArrayList<>();
        Matcher t = KEY_TOKEN.matcher(reason);
        while (t.find()) tokens.add(strip(t.group()));
        for (String candidate : index.entries().keySet()) {
            String rel;
            if (prefix.isEmpty()) rel = candidate;
            else if (candidate.startsWith(prefix + ".")) rel = candidate.substring(prefix.length() + 1);
            else continue;
            String r = strip(rel);
            for (String token : tokens) {
                if ((token.equals(r) || token.endsWith("." + r)) && r.length() > bestLen) {
                    best = candidate;
                    bestLen = r.length();
                }
            }
        }
        if (best == null) {
            // no key named: maybe a value is ("target name 'x' is used twice"); point at its last occurrence
            Matcher q = QUOTED.matcher(reason);
            while (q.find()) {
                for (Map.Entry<String, YamlKeyIndex.Entry> e : index.entries().entrySet()) {
                    if (q.group(1).equals(e.getValue().scalar()) && (prefix.isEmpty() || e.getKey().startsWith(prefix + ".")
                            || e.getKey().startsWith(prefix + "["))) {
                        best = e.getKey();
                    }
                }
                if (best != null) return best;
            }
        }
        String key = best == null ? path : best;
        Matcher q = QUOTED.matcher(reason);
        while (q.find()) {
            if (index.contains(key + "." + q.group(1))) return key + "." + q.group(1);
        }
        return key;
    }

    /** "parse.evidence_chars must be ..." under key parse.evidence_chars → "must be ...". */
    static String withoutLeadingKey(String reason, String key) {
        Matcher t = KEY_TOKEN.matcher(reason);
        if (!t.lookingAt()) return reason;
        String token = strip(t.group());
        String rest = reason.substring(t.end());
        if (!("." + strip(key) + ".").contains("." + token + ".")) return reason;
        if (rest.startsWith(": ")) rest = rest.substring(2);
        else if (rest.startsWith(" ")) rest = rest.substring(1);
        else return reason;
        return rest.isEmpty() ? reason : rest;
    }

    /** a.b[0].c → a.b.c */
    private static String strip(String dotted) {
        return dotted.replaceAll("\\[[^\\]]*\\]", "");
    }

    private static String kind(JavaType type) {
        return type == null ? "another kind of value" : kind(type.getRawClass());
    }

    private static String kind(Class<?> c) {
        if (c == null) return "another kind of value";
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class || c == Short.class) return "a whole number";
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) return "a number";
        if (c == Boolean.class || c == boolean.class) return "true or false";
        if (c == Duration.class) return "a duration such as 30s, 5m or 1h";
        if (c == String.class) return "a text value";
        if (c == Path.class) return "a file path";
        if (c == Instant.class) return "a time such as 2027-01-01T00:00:00Z";
        if (c.isEnum()) {
            return "one of " + Arrays.stream(c.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(c) || c.isArray()) return "a list";
        if (Map.class.isAssignableFrom(c)) return "a mapping of keys to values";
        if (c.isRecord() || c.isInterface()) return "a section of keys";
        return "a " + c.getSimpleName();
    }

    private static String found(String message) {
        Matcher m = FOUND.matcher(message == null ? "" : message);
        if (!m.find()) return "something else";
        return switch (m.group(1)) {
            case "Array" -> "a list";
            case "Object" -> "a section of keys";
            case "String" -> "a text value";
            case "Integer", "Floating-point", "Number" -> "a number";
            case "Boolean" -> "true or false";
            case "Null" -> "nothing (null)";
            default -> "something else";
        };
    }

    /** The names a polymorphic settings type accepts in its {@code type:} key. */
    private static List<String> typeNames(JavaType base) {
        JsonSubTypes sub = base == null ? null : base.getRawClass().getAnnotation(JsonSubTypes.class);
        if (sub == null) return List.of();
        return Arrays.stream(sub.value()).map(JsonSubTypes.Type::name).filter(n -> !n.isEmpty()).sorted().toList();
    }

    private static List<String> names(Collection<Object> ids) {
        return ids == null ? List.of() : ids.stream().map(String::valueOf).toList();
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String firstLine(String msg) {
        if (msg == null) return "invalid value";
        int cut = msg.indexOf('\n');
        return (cut > 0 ? msg.substring(0, cut) : msg).strip();
    }
}
