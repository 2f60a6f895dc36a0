package io.gatewarden.api;

import io.gatewarden.config.HttpSettings;
import io.gatewarden.secret.Fingerprint;
import io.gatewarden.secret.Hashes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.function.Function;

/**
 * The bearer token that mutating API calls must present, from {@code http.api_token_env} (the name of an
 * environment variable) or {@code http.api_token_file} (a file holding it, e.g. a Kubernetes secret mount; surrounding
 * whitespace is ignored). The environment variable wins when both are set and it is non-empty.
 *
 * <p>Only the SHA-256 of the token is kept, and a presented token is compared by its digest with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the bytes differ; comparing digests also hides
 * the token's length. The token itself is never logged or shown: {@link #fingerprint()} is {@code fp:} and the first
 * 8 hex digits of the digest.
 */
public final class ApiToken {
    private final byte[] digest;
    private final String source;
    private final String problem;

    private ApiToken(byte[] digest, String source, String problem) {
        this.digest = digest;
        this.source = source;
        this.problem = problem;
    }

    public static ApiToken of(String token, String source) {
        return new ApiToken(sha256(token), source, null);
    }

    public static ApiToken none(String problem) {
        return new ApiToken(null, null, problem);
    }

    /** Looks the token up now (called for every mutating request, so a rotated secret file takes effect at once). */
    public static ApiToken resolve(HttpSettings http, Function<String, String> env) {
        String envName = http.apiTokenEnv();
        String fileName = http.apiTokenFile();
        String envProblem = null;
        if (envName != null && !envName.isBlank()) {
            String v = env.apply(envName.trim());
            if (v != null && !v.isBlank()) return of(v.trim(), "env " + envName.trim());
            envProblem = "http.api_token_env names $" + envName.trim() + ", which is not set or empty";
        }
        if (fileName != null && !fileName.isBlank()) {
            Path p = Path.of(fileName.trim());
            try {
                String v = Files.readString(p, StandardCharsets.UTF_8).trim();
                if (!v.isEmpty()) return of(v, "file " + p);
                return none(join(envProblem, "http.api_token_file " + p + " is empty"));
            } catch (IOException | RuntimeException e) {
                return none(join(envProblem, "http.api_token_file " + p + " cannot be read (" + e.getClass().getSimpleName() + ")"));
            }
        }
        if (envProblem != null) return none(envProblem);
        return none("no API token is configured: set http.api_token_env or http.api_token_file in the gatewarden config");
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    public boolean configured() {
        return digest != null;
    }

    /** Why no token is configured (null when one is). Names settings and files, never a value. */
    public String problem() {
        return problem;
    }

    /** Where the token came from ("env GATEWARDEN_API_TOKEN", "file /run/secrets/token"). */
    public String source() {
        return source;
    }

    /**
     * Checks an {@code Authorization} header ("Bearer &lt;token&gt;", scheme case-insensitive). False when no token is
     * configured, the header is missing or malformed, or the token differs.
     */
    public boolean acceptsHeader(String authorization) {
        if (digest == null || authorization == null) return false;
        String h = authorization.trim();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) return false;
        String presented = h.substring(7).trim();
        if (presented.isEmpty()) return false;
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    public String fingerprint() {
        return digest == null ? null : Fingerprint.ofDigest(digest);
    }

    private static byte[] sha256(String s) {
        return Hashes.sha256(s);
    }

    @Override
    public String toString() {
        return configured() ? "ApiToken[" + fingerprint() + " from " + source + "]" : "ApiToken[none: " + problem + "]";
    }
}
