package io.gatewarden.parse;

/**
 * Turns one log line (without its line terminator) into an event. Implementations never throw:
 * a line that is not theirs to read becomes {@link EventType#MALFORMED}, a well-formed line they
 * have no rule for becomes {@link EventType#GENERIC}.
 */
public interface LineParser {
    GatewayEvent parse(String line);
}
