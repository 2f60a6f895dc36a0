package io.gatewarden.tail;

/** One log line, decoded as UTF-8 (malformed bytes replaced by U+FFFD), without its "\n" or "\r\n". */
public record TailLine(String text, LinePosition position) {}
