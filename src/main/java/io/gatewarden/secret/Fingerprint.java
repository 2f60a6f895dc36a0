package io.gatewarden.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one way a secret is shown anywhere (logs, alerts, metrics, API, journal): {@code fp:} and the first 8 hex
 * digits of its SHA-256. An operator checks it with {@code printf %s "$KEY" | sha256sum | cut -c1-8}.
 */
public final class Fingerprint {
    private Fingerprint() {}

    public static String of(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "fp:" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
