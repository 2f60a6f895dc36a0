package io.gatewarden.parse;

import java.nio.charset.StandardCharsets;

/**
 * Turns one log line (without its line terminator) into an event. Implementations never throw:
 * a line that is not theirs to read becomes {@link EventType#MALFORMED}, a well-formed line they
 * have no rule for becomes {@link EventType#GENERIC}.
 */
public interface LineParser {
    GatewayEvent parse(String line);

    /**
     * The line whose UTF-8 bytes are {@code buf[off, off+len)} (no terminator), exactly as {@link #parse(String)}
     * reads the decoded line. Readers that have the bytes call this: a parser that reads bytes directly saves the
     * decoding (and its own re-encoding). This default decodes (malformed bytes become U+FFFD).
     */
    default GatewayEvent parse(byte[] buf, int off, int len) {
        return parse(new String(buf, off, len, StandardCharsets.UTF_8));
    }
}
