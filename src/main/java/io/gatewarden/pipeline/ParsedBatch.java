package io.gatewarden.pipeline;

import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.LineParser;

import java.nio.charset.StandardCharsets;

/** A run of consecutive lines of one log family, parsed off the detection thread. */
final class ParsedBatch {
    /** Marks the end of a family's lines. */
    static final ParsedBatch END = new ParsedBatch(new GatewayEvent[0], new int[0], null, 0);

    final GatewayEvent[] events;
    /** Length of each raw line in bytes (the pipeline's byte counter). */
    final int[] lengths;
    /** 64-bit fingerprint of each raw line; null when nobody looks for copies. */
    final long[] fingerprints;
    final int size;

    private ParsedBatch(GatewayEvent[] events, int[] lengths, long[] fingerprints, int size) {
        this.events = events;
        this.lengths = lengths;
        this.fingerprints = fingerprints;
        this.size = size;
    }

    /** Parses lines {@code bytes[starts[i], starts[i+1])}, i < n. */
    static ParsedBatch parse(LineParser parser, byte[] bytes, int[] starts, int n, boolean fingerprint) {
        GatewayEvent[] events = new GatewayEvent[n];
        int[] lengths = new int[n];
        long[] fps = fingerprint ? new long[n] : null;
        for (int i = 0; i < n; i++) {
            int from = starts[i];
            int len = starts[i + 1] - from;
            events[i] = parseOne(parser, bytes, from, len);
            lengths[i] = len;
            if (fps != null) fps[i] = fingerprint(bytes, from, len);
        }
        return new ParsedBatch(events, lengths, fps, n);
    }

    /** One line; parsers promise never to throw, and if one does, the line is lost, not the replay. */
    static GatewayEvent parseOne(LineParser parser, byte[] buf, int from, int len) {
        try {
            return parser.parse(buf, from, len);
        } catch (RuntimeException ex) {
            String line = new String(buf, from, len, StandardCharsets.UTF_8);
            return GatewayEvent.malformed("parser failed: " + ex, line.length() > 200 ? line.substring(0, 200) : line);
        }
    }

    /** FNV-1a over the bytes, 64 bits: copies of a line across files are found by this alone. */
    static long fingerprint(byte[] b, int from, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = from, end = from + len; i < end; i++) {
            h ^= b[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h ^ ((long) len << 48);
    }
}
