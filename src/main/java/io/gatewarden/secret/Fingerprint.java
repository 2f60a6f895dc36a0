package io.gatewarden.secret;

/**
 * The one way a secret is shown anywhere (logs, alerts, metrics, API, journal): {@code fp:} and the first 8 hex
 * digits of its SHA-256. An operator checks it with {@code printf %s "$KEY" | sha256sum | cut -c1-8}.
 */
public final class Fingerprint {
    private Fingerprint() {}

    public static String of(String secret) {
        return ofDigest(Hashes.sha256(secret));
    }

    /** The fingerprint of a secret whose SHA-256 is all that is kept (e.g. the API token). */
    public static String ofDigest(byte[] sha256) {
        return "fp:" + Hashes.hex(sha256, 4);
    }
}
