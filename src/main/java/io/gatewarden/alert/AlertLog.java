package io.gatewarden.alert;

import io.gatewarden.secret.Redactor;
import java.lang.System.Logger.Level;

/** The alert stage's logger: every message goes through the {@link Redactor} first. */
final class AlertLog {
    private final System.Logger logger;
    private final Redactor redactor;

    AlertLog(String name, Redactor redactor) {
        this.logger = System.getLogger(name);
        this.redactor = redactor;
    }

    void info(String msg) { log(Level.INFO, msg); }

    void warn(String msg) { log(Level.WARNING, msg); }

    void error(String msg) { log(Level.ERROR, msg); }

    void debug(String msg) { log(Level.DEBUG, msg); }

    private void log(Level level, String msg) {
        if (logger.isLoggable(level)) logger.log(level, redactor.scrub(msg));
    }

    /** A throwable as one safe line: its class and scrubbed message, never its stack (messages may quote URLs). */
    String describe(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        if (t.getCause() != null && t.getCause() != t && t.getCause().getMessage() != null) {
            s += " (" + t.getCause().getClass().getSimpleName() + ": " + t.getCause().getMessage() + ")";
        }
        s = s.length() > 300 ? s.substring(0, 300) + "…" : s;
        return redactor.scrub(s);
    }

    Redactor redactor() {
        return redactor;
    }
}
