package io.gatewarden.secret;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one SHA-256 helper: digests of bytes, text (UTF-8) and files, shown as lower-case hex (all of it, or the first
 * {@code n} bytes). Checkpoints, fingerprints and ids on disk are written with these, so the outputs must never change.
 */
public final class Hashes {
    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {}

    /** A fresh SHA-256 digest, for callers that feed several parts. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static byte[] sha256(byte[] data, int off, int len) {
        MessageDigest d = sha256();
        d.update(data, off, len);
        return d.digest();
    }

    public static byte[] sha256(String text) {
        return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** All 64 hex digits of SHA-256 over {@code data}. */
    public static String sha256Hex(byte[] data) {
        return hex(sha256(data, 0, data.length));
    }

    /** All 64 hex digits of SHA-256 over the first {@code len} bytes of {@code data}. */
    public static String sha256Hex(byte[] data, int len) {
        return hex(sha256(data, 0, len));
    }

    /** The first {@code bytes} bytes (2 × {@code bytes} hex digits) of SHA-256 over the UTF-8 of {@code text}. */
    public static String sha256Hex(String text, int bytes) {
        return hex(sha256(text), bytes);
    }

    /** All 64 hex digits of SHA-256 over a file's content, read in chunks. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest d = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) d.update(buf, 0, n);
        }
        return hex(d.digest());
    }

    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /** The first {@code bytes} bytes of a digest as hex. */
    public static String hex(byte[] digest, int bytes) {
        return HEX.formatHex(digest, 0, bytes);
    }
}
