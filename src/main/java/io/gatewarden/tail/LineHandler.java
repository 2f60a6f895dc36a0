package io.gatewarden.tail;

/** Receives lines one by one, in file order (used by {@link LogSetReader}). */
@FunctionalInterface
public interface LineHandler {
    void onLine(TailLine line);
}
