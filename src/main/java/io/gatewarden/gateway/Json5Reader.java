package io.gatewarden.gateway;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads one JSON5 file (OpenClaw's config format) into a Jackson tree, in the {@link Json5Dialect}. Also finds where
 * a JSON pointer sits in the file, so that a field of the wrong type can be reported with its line and column.
 */
final class Json5Reader {
    /** OpenClaw caps included files at 2 MB; a config many times that is not a config. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private static final ObjectMapper MAPPER = Json5Dialect.MAPPER;

    private Json5Reader() {}

    /** A parsed file: its tree and the text it came from (kept to locate fields later). */
    record Parsed(Path file, JsonNode root, Json5Extensions.Rewritten text) {}

    static Parsed read(Path file) throws ConfigError {
        String raw;
        try {
            if (Files.isDirectory(file)) throw new ConfigError(file, 0, 0, "is a directory, not a config file");
            long size = Files.size(file);
            if (size > MAX_BYTES) throw new ConfigError(file, 0, 0, "file is " + size + " bytes; refusing to read more than " + MAX_BYTES);
            raw = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigError(file, 0, 0, "no such file");
        } catch (CharacterCodingException e) {
            throw new ConfigError(file, 0, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigError(file, 0, 0, "cannot read: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return parse(file, raw);
    }

    static Parsed parse(Path file, String raw) throws ConfigError {
        if (!raw.isEmpty() && raw.charAt(0) == '\uFEFF') raw = raw.substring(1);
        if (raw.isBlank()) throw new ConfigError(file, 1, 1, "file is empty");
        Json5Extensions.Rewritten text = Json5Extensions.rewrite(raw);
        try (JsonParser p = MAPPER.createParser(text.text())) {
            JsonNode root;
            try {
                root = MAPPER.readTree(p);
            } catch (NumberFormatException e) {
                // Jackson lets a lone "." (or "-.", ".e5") through as a number when leading and trailing decimal points are allowed
                JsonLocation at = p.currentLocation();
                throw new ConfigError(file, text.mapLine(at.getLineNr()), at.getColumnNr(), "invalid JSON5: a number without digits");
            }
            if (root == null || root.isMissingNode()) throw new ConfigError(file, 1, 1, "file holds no JSON5 value");
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new ConfigError(file, text.mapLine(at.getLineNr()), at.getColumnNr(),
                        "unexpected content after the end of the top-level value");
            }
            return new Parsed(file, root, text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : text.mapLine(at.getLineNr());
            int col = at == null ? 0 : at.getColumnNr();
            throw new ConfigError(file, line, col, "invalid JSON5: " + cleanReason(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigError(file, 0, 0, "cannot parse: " + e.getMessage());
        }
    }

    /** Line and column of the value at {@code pointer}, or {0, 0} when it is not in this file. */
    static int[] locate(Parsed parsed, JsonPointer pointer) {
        try (JsonParser p = MAPPER.createParser(parsed.text().text())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) continue;
                if (p.getParsingContext().pathAsPointer().equals(pointer)) {
                    JsonLocation at = p.currentTokenLocation();
                    return new int[]{parsed.text().mapLine(at.getLineNr()), at.getColumnNr()};
                }
            }
        } catch (IOException ignored) {
            // the file parsed a moment ago; if it no longer does, the caller reports without a position
        }
        return new int[]{0, 0};
    }

    /** Every value position this file's own text writes (included files not followed), for telling which file holds a value. */
    static Set<JsonPointer> writtenPointers(Parsed parsed) {
        Set<JsonPointer> out = new HashSet<>();
        try (JsonParser p = MAPPER.createParser(parsed.text().text())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) continue;
                out.add(p.getParsingContext().pathAsPointer());
            }
        } catch (IOException ignored) {
            // see locate
        }
        return out;
    }

    /** Line and column of the key {@code name} inside the object at {@code parent}. */
    static int[] locateKey(Parsed parsed, JsonPointer parent, String name) {
        JsonPointer target = parent.append(JsonPointer.compile("/" + escape(name)));
        try (JsonParser p = MAPPER.createParser(parsed.text().text())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.getParsingContext().pathAsPointer().equals(target)) {
                    JsonLocation at = p.currentTokenLocation();
                    return new int[]{parsed.text().mapLine(at.getLineNr()), at.getColumnNr()};
                }
            }
        } catch (IOException ignored) {
            // see locate
        }
        return locate(parsed, parent);
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** Jackson's messages mention Java types and feature names; keep the part a config author understands. */
    private static String cleanReason(String msg) {
        String s = ConfigError.oneLine(msg);
        // Jackson quotes the offending bare word, which may be an unquoted API key: never echo it
        if (s.startsWith("Unrecognized token")) return "unrecognized bare word (strings must be quoted)";
        int cut = s.indexOf(" (for ");
        if (cut < 0) cut = s.indexOf(": maybe a (non-standard) comment?");
        if (cut > 0) s = s.substring(0, cut);
        int hint = s.indexOf(" (code ");
        if (hint > 0) {
            int close = s.indexOf(')', hint);
            if (close > 0) s = s.substring(0, hint) + s.substring(close + 1);
        }
        s = s.replace("Object entries", "object entries");
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
