package io.gatewarden.tail;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order in which the gateway wrote a set of log files, from their names alone:
 * files of one family (same folder, same name once dates and rotation numbers are taken out) by date, oldest first;
 * within a date, size-rotated files by rotation number, highest (oldest) first, the live file last.
 * Understands OpenClaw's {@code openclaw-2026-11-23.log} and {@code openclaw-gateway.3.log}, and logrotate's
 * {@code app.log.2}, {@code app.log.2.gz} and {@code app.log-20261123.gz}. A file with no date sorts after dated ones
 * of its family (logrotate's dateext leaves the live file undated).
 */
final class LogOrder {
    private static final Pattern ROTATED_INNER = Pattern.compile("^(.+)\\.(\\d{1,3})\\.(log|jsonl|txt)$");
    private static final Pattern ROTATED_OUTER = Pattern.compile("^(.+\\.(?:log|jsonl|txt))\\.(\\d{1,3})$");
    private static final Pattern ISO_DATE = Pattern.compile("[-_.]?(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)");
    private static final Pattern COMPACT_DATE = Pattern.compile("[-_.]?(?<!\\d)(20\\d{2})(\\d{2})(\\d{2})(\\d{2})?(?!\\d)");
    private static final Pattern LOG_NAME = Pattern.compile(
            "^.+\\.(log|jsonl|txt)(\\.\\d{1,3}|[-_.]\\d{8,10})?$", Pattern.CASE_INSENSITIVE);

    /** How a file name places it in its family. */
    record Key(String family, String date, int rotation, String name) {}

    static final Comparator<Path> GATEWAY_ORDER = Comparator.comparing(LogOrder::key, Comparator
            .comparing(Key::family)
            .thenComparing(Key::date, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Key::rotation, Comparator.reverseOrder())
            .thenComparing(Key::name));

    private LogOrder() {}

    /** True for names that look like logs (used when a folder is given): {@code *.log}, {@code *.jsonl}, rotated, gz. */
    static boolean isLogName(String fileName) {
        if (fileName.startsWith(".")) return false;
        String n = stripGz(fileName);
        return LOG_NAME.matcher(n).matches();
    }

    static Key key(Path p) {
        String name = p.getFileName().toString();
        String n = stripGz(name);
        int rotation = 0;
        Matcher m = ROTATED_INNER.matcher(n);
        if (m.matches()) {
            n = m.group(1) + "." + m.group(3);
            rotation = Integer.parseInt(m.group(2));
        } else if ((m = ROTATED_OUTER.matcher(n)).matches()) {
            n = m.group(1);
            rotation = Integer.parseInt(m.group(2));
        }
        String date = null;
        m = ISO_DATE.matcher(n);
        if (m.find()) {
            date = m.group(1) + m.group(2) + m.group(3);
            n = n.substring(0, m.start()) + n.substring(m.end());
        } else if ((m = COMPACT_DATE.matcher(n)).find()) {
            date = m.group(1) + m.group(2) + m.group(3) + (m.group(4) == null ? "" : m.group(4));
            n = n.substring(0, m.start()) + n.substring(m.end());
        }
        Path parent = p.toAbsolutePath().getParent();
        return new Key((parent == null ? "" : parent + "/") + n, date, rotation, name);
    }

    private static String stripGz(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}
