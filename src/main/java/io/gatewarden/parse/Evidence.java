package io.gatewarden.parse;

/** The raw-line excerpt kept on an event: short, and with credentials masked. */
final class Evidence {
    private Evidence() {}

    static String of(String line, int maxChars) {
        if (line == null) return null;
        if (line.length() <= maxChars) return Secrets.redact(line, false);
        int end = maxChars;
        if (Character.isHighSurrogate(line.charAt(end - 1))) end--;
        return Secrets.redact(line.substring(0, end), true);
    }
}
