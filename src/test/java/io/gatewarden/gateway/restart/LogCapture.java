package io.gatewarden.gateway.restart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what this package logs (java.util.logging), to check that no secret is ever written. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.gatewarden.gateway.restart");
    final List<String> messages = new CopyOnWriteArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override public void publish(LogRecord r) { messages.add(r.getMessage()); }
    @Override public void flush() {}

    @Override public void close() {
        logger.removeHandler(this);
    }

    String all() {
        return String.join("\n", messages);
    }
}
