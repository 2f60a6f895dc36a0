package io.gatewarden.gateway.restart;

/**
 * One way to restart the gateway. Implementations run external programs through {@link CommandRunner} or talk
 * HTTP, are bounded in time, and never put a secret in {@link Result#detail()}. Waiting for the gateway to come
 * back is not theirs: {@link GatewayRestarter} waits for /startupz after any strategy.
 */
public interface RestartStrategy {

    /** The strategy's config name: systemd, signal, command, spawn, kubernetes. */
    String name();

    Result restart();

    /** @param detail what was done, for the journal (exit codes, bounded and redacted output) */
    record Result(boolean ok, String detail) {
        public static Result ok(String detail) {
            return new Result(true, detail);
        }

        public static Result failed(String detail) {
            return new Result(false, detail);
        }
    }
}
