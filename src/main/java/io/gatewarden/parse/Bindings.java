package io.gatewarden.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Subsystem names of logger bindings ({@code {"subsystem":"agent/embedded"}}), remembered in a small
 * fixed table: a gateway has a few dozen loggers (26 in the captures) and every line repeats its logger's bindings, so most
 * lines find theirs without building a String. The table is bounded (256 slots, a newcomer evicts the
 * slot's owner) and its entries are immutable, so threads may share it without locks.
 */
final class Bindings {
    private static final int SLOTS = 256;
    /** Longer bindings (with extra keys, like cron's storeKey) are read directly, not remembered. */
    private static final int MAX_REMEMBERED = 160;
    private static final Entry[] TABLE = new Entry[SLOTS];
    /** The same, keyed by the bindings' raw bytes in the line (still JSON-escaped), for the byte path. */
    private static final RawEntry[] RAW_TABLE = new RawEntry[SLOTS];

    private record Entry(char[] text, String subsystem) {}

    private record RawEntry(byte[] raw, String subsystem) {}

    private Bindings() {}

    /** The subsystem (or, lacking one, the module) named by the bindings JSON in chars[off, off+len). */
    static String subsystem(char[] chars, int off, int len) {
        if (len > MAX_REMEMBERED) return read(new String(chars, off, len));
        int h = 1;
        for (int i = off; i < off + len; i++) h = 31 * h + chars[i];
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry e = TABLE[slot];
        if (e != null && Arrays.equals(e.text, 0, e.text.length, chars, off, off + len)) return e.subsystem;
        String subsystem = read(new String(chars, off, len));
        TABLE[slot] = new Entry(Arrays.copyOfRange(chars, off, off + len), subsystem);
        return subsystem;
    }

    /**
     * The same for the bindings as they stand in the line: {@code raw[off, off+len)} is the JSON string's contents,
     * valid UTF-8, with escapes when {@code escaped}. The subsystem depends on the decoded text only, and the
     * decoded text on these bytes only, so the bytes can be the key.
     */
    static String subsystem(byte[] raw, int off, int len, boolean escaped) {
        if (len > MAX_REMEMBERED) return read(decode(raw, off, len, escaped));
        int h = 1;
        for (int i = off; i < off + len; i++) h = 31 * h + raw[i];
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        RawEntry e = RAW_TABLE[slot];
        if (e != null && Arrays.equals(e.raw, 0, e.raw.length, raw, off, off + len)) return e.subsystem;
        String text = decode(raw, off, len, escaped);
        String subsystem = subsystem(text.toCharArray(), 0, text.length());
        RAW_TABLE[slot] = new RawEntry(Arrays.copyOfRange(raw, off, off + len), subsystem);
        return subsystem;
    }

    private static String decode(byte[] raw, int off, int len, boolean escaped) {
        return escaped ? TslogBytes.unescape(raw, off, off + len) : new String(raw, off, len, StandardCharsets.UTF_8);
    }

    private static String read(String json) {
        String v = value(json, "\"subsystem\":\"");
        return v != null ? v : value(json, "\"module\":\"");
    }

    /** A string value in the (tiny, flat) bindings JSON, found by text: cheaper than a second parser. */
    private static String value(String json, String keyAndQuote) {
        int i = json.indexOf(keyAndQuote);
        if (i < 0) return null;
        int start = i + keyAndQuote.length();
        int end = json.indexOf('"', start);
        if (end <= start) return null;
        String v = json.substring(start, end);
        return v.indexOf('\\') >= 0 ? null : v;
    }
}
