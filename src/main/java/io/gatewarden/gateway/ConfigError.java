package io.gatewarden.gateway;

import java.nio.file.Path;

/**
 * The gateway's config cannot be read: missing, truncated, not JSON5, or a field of the wrong type.
 * Carries what a human needs to fix it (file, line, column, one-line reason) and is printed as one line,
 * never as a stack trace.
 */
public final class ConfigError extends Exception {
    private final Path file;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param line   1-based line, or 0 when the problem is not tied to a position (missing file, ...)
     * @param column 1-based column, or 0 when unknown
     */
    public ConfigError(Path file, int line, int column, String reason) {
        super(format(file, line, column, reason), null, false, false);
        this.file = file;
        this.line = Math.max(0, line);
        this.column = Math.max(0, column);
        this.reason = oneLine(reason);
    }

    public Path file() { return file; }

    public int line() { return line; }

    public int column() { return column; }

    public String reason() { return reason; }

    private static String format(Path file, int line, int column, String reason) {
        StringBuilder sb = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) sb.append(':').append(column);
        }
        return sb.append(": ").append(oneLine(reason)).toString();
    }

    static String oneLine(String s) {
        if (s == null || s.isBlank()) return "unreadable config";
        String first = s.strip().lines().findFirst().orElse("").strip();
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }
}
