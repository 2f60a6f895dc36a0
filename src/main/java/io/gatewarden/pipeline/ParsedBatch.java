package io.gatewarden.pipeline;

import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.LineParser;

/** A run of consecutive lines of one log family, parsed off the detection thread. */
final class ParsedBatch {
    /** Marks the end of a family's lines. */
    static final ParsedBatch END = new ParsedBatch(new GatewayEvent[0], new int[0], null, 0);

    final GatewayEvent[] events;
    /** Length of each raw line in chars (the pipeline's byte counter). */
    final int[] chars;
    /** 64-bit fingerprint of each raw line; null when nobody looks for copies. */
    final long[] fingerprints;
    final int size;

    private ParsedBatch(GatewayEvent[] events, int[] chars, long[] fingerprints, int size) {
        this.events = events;
        this.chars = chars;
        this.fingerprints = fingerprints;
        this.size = size;
    }

    static ParsedBatch parse(LineParser parser, String[] lines, int n, boolean fingerprint) {
        GatewayEvent[] events = new GatewayEvent[n];
        int[] chars = new int[n];
        long[] fps = fingerprint ? new long[n] : null;
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            GatewayEvent e;
            try {
                e = parser.parse(line);
            } catch (RuntimeException ex) {
                // parsers promise never to throw; if one does, the line is lost, not the replay
                e = GatewayEvent.malformed("parser failed: " + ex, line.length() > 200 ? line.substring(0, 200) : line);
            }
            events[i] = e;
            chars[i] = line.length();
            if (fps != null) fps[i] = fingerprint(line);
        }
        return new ParsedBatch(events, chars, fps, n);
    }

    /** FNV-1a over the chars, 64 bits: copies of a line across files are found by this alone. */
    static long fingerprint(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h ^ ((long) s.length() << 48);
    }
}
