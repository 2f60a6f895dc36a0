package io.gatewarden.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Real OpenClaw fixture lines, and the ways a log line goes wrong: cut short, flipped bytes, invalid UTF-8, a huge
 * field, deep nesting, wrong JSON types for the keys the parser reads. Lines are bytes (as on disk) and never hold a
 * line terminator.
 */
final class LineMutations {
    static final List<String> FIXTURE_LINES = load();

    private LineMutations() {}

    private static List<String> load() {
        Path logs = LiveLog.FIXTURES.resolve("logs");
        List<String> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(logs)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".jsonl")) all.addAll(Files.readAllLines(p));
                else if (n.endsWith(".jsonl.gz")) {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
                        r.lines().limit(2000).forEach(all::add);
                    }
                } else if (n.endsWith(".txt") || n.endsWith(".log")) {
                    all.addAll(Files.readAllLines(p).stream().limit(50).toList()); // console text among JSON
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(all);
    }

    enum Kind { NONE, TRUNCATE, FLIP_BYTE, INVALID_UTF8, HUGE_FIELD, DEEP_NESTING, WRONG_TYPE, DROP_KEY, RANDOM_BYTES, EMPTY }

    /** Keys the OpenClaw parser reads, and values of the wrong JSON type for them. */
    private static final String[] KEYS = {"\"time\"", "\"_meta\"", "\"0\"", "\"1\"", "\"2\"", "\"message\"", "\"logLevelId\"", "\"logLevelName\"", "\"subsystem\"", "\"runId\"", "\"provider\"", "\"model\""};
    private static final String[] WRONG = {"42", "-1e309", "null", "true", "[]", "{}", "[1,[2,{\"a\":null}]]", "\"\"", "\"\\u0000\"", "{\"logLevelId\":\"x\"}", "1.5", "\"2026-13-45T99:99:99Z\""};

    /** A fixture line mutated once (NONE included), and a second time in one of four lines. */
    static byte[] line(java.util.Random r) {
        Kind[] kinds = Kind.values();
        String line = FIXTURE_LINES.get(r.nextInt(FIXTURE_LINES.size()));
        byte[] b = mutate(line.getBytes(StandardCharsets.UTF_8), kinds[r.nextInt(kinds.length)], r);
        if (r.nextInt(4) == 0) b = mutate(b, kinds[r.nextInt(kinds.length)], r);
        return withoutTerminators(b);
    }

    /** 1 to {@code max} mutated lines. */
    static List<byte[]> batch(java.util.Random r, int max) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(max); i < n; i++) out.add(line(r));
        return out;
    }

    static byte[] mutate(byte[] b, Kind kind, java.util.Random r) {
        switch (kind) {
            case NONE: return b;
            case EMPTY: return new byte[0];
            case TRUNCATE: return Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            case FLIP_BYTE: {
                if (b.length == 0) return b;
                byte[] c = b.clone();
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case INVALID_UTF8: {
                byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F}, {0}};
                return insert(b, r.nextInt(b.length + 1), bad[r.nextInt(bad.length)]);
            }
            case HUGE_FIELD: {
                String s = new String(b, StandardCharsets.UTF_8);
                int size = r.nextBoolean() ? 20_000 + r.nextInt(50_000) : 300_000 + r.nextInt(500_000);
                String filler = "x".repeat(size);
                int at = s.indexOf("\"message\":\"");
                String out = at >= 0 ? s.substring(0, at + 11) + filler + s.substring(at + 11) : "{\"message\":\"" + filler + "\"," + s.substring(Math.min(1, s.length()));
                return out.getBytes(StandardCharsets.UTF_8);
            }
            case DEEP_NESTING: {
                int depth = 100 + r.nextInt(5_000);
                String open = r.nextBoolean() ? "[".repeat(depth) : "{\"a\":".repeat(depth);
                String close = open.startsWith("[") ? "]".repeat(depth) : "}".repeat(depth);
                String s = new String(b, StandardCharsets.UTF_8);
                int at = s.indexOf("\"1\":");
                String out = at >= 0 ? s.substring(0, at + 4) + open + "1" + close + "," + "\"x\":" + s.substring(at + 4) : open + close;
                return out.getBytes(StandardCharsets.UTF_8);
            }
            case WRONG_TYPE: {
                String s = new String(b, StandardCharsets.UTF_8);
                String key = KEYS[r.nextInt(KEYS.length)] + ":";
                int at = s.indexOf(key);
                if (at < 0) return (s.isEmpty() ? "{" : s.substring(0, s.length() - 1) + ",") .concat(key + WRONG[r.nextInt(WRONG.length)] + "}").getBytes(StandardCharsets.UTF_8);
                int v = at + key.length();
                int end = endOfValue(s, v);
                return (s.substring(0, v) + WRONG[r.nextInt(WRONG.length)] + s.substring(end)).getBytes(StandardCharsets.UTF_8);
            }
            case DROP_KEY: {
                String s = new String(b, StandardCharsets.UTF_8);
                String key = KEYS[r.nextInt(KEYS.length)] + ":";
                int at = s.indexOf(key);
                if (at < 0) return b;
                int end = endOfValue(s, at + key.length());
                if (end < s.length() && s.charAt(end) == ',') end++;
                return (s.substring(0, at) + s.substring(end)).getBytes(StandardCharsets.UTF_8);
            }
            case RANDOM_BYTES: {
                byte[] c = new byte[r.nextInt(300)];
                r.nextBytes(c);
                return c;
            }
            default: throw new IllegalArgumentException(kind.toString());
        }
    }

    /** Where a JSON value starting at {@code i} ends (good enough for well-formed fixture lines; any answer is a valid cut). */
    private static int endOfValue(String s, int i) {
        int depth = 0;
        boolean inString = false;
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (inString) {
                if (c == '\\') j++;
                else if (c == '"') {
                    inString = false;
                    if (depth == 0) return j + 1;
                }
            } else if (c == '"') inString = true;
            else if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') {
                if (depth == 0) return j;
                depth--;
                if (depth == 0) return j + 1;
            } else if (c == ',' && depth == 0) return j;
        }
        return s.length();
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] c = new byte[b.length + what.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(what, 0, c, at, what.length);
        System.arraycopy(b, at, c, at + what.length, b.length - at);
        return c;
    }

    private static byte[] withoutTerminators(byte[] b) {
        byte[] c = b.clone();
        for (int i = 0; i < c.length; i++) if (c[i] == '\n' || c[i] == '\r') c[i] = ' ';
        return c;
    }
}
