package io.gatewarden.config;

/** A configuration the daemon refuses, with where and why, ready to print to a human. */
public final class ConfigException extends Exception {
    private final String file;
    private final int line;
    private final String key;
    private final String reason;

    public ConfigException(String file, int line, String key, String reason) {
        super(format(file, line, key, reason));
        this.file = file;
        this.line = line;
        this.key = key;
        this.reason = reason;
    }

    private static String format(String file, int line, String key, String reason) {
        StringBuilder sb = new StringBuilder(file == null ? "<config>" : file);
        if (line > 0) sb.append(':').append(line);
        sb.append(": ");
        if (key != null && !key.isEmpty()) sb.append(key).append(": ");
        return sb.append(reason).toString();
    }

    public String file() { return file; }
    public int line() { return line; }
    public String key() { return key; }
    public String reason() { return reason; }
}
