package io.gatewarden.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a probe finds its key: an environment variable name or a secret file path (e.g. /run/secrets/anthropic),
 * read at every probe so a rotated key is picked up. Only the names are configuration; values never are.
 *
 * @param envVar environment variable holding the key (checked first), or null
 * @param file   file whose trimmed content is the key, or null
 */
public record CredentialSource(String envVar, Path file) {
    /** A target that needs no key (Ollama, LM Studio on loopback, the gateway's health endpoints). */
    public static final CredentialSource NONE = new CredentialSource(null, null);

    public boolean isConfigured() {
        return (envVar != null && !envVar.isBlank()) || file != null;
    }

    /** Where the key should come from, for messages ("env ANTHROPIC_API_KEY", "file /run/secrets/x"). */
    public String describe() {
        if (!isConfigured()) return "none";
        StringBuilder sb = new StringBuilder();
        if (envVar != null && !envVar.isBlank()) sb.append("env ").append(envVar);
        if (file != null) sb.append(sb.length() > 0 ? " or " : "").append("file ").append(file);
        return sb.toString();
    }

    /**
     * The key, or a {@link Resolution} that says why there is none.
     *
     * @param env how to read environment variables (System::getenv in production)
     */
    public Resolution resolve(Function<String, String> env) {
        if (!isConfigured()) return new Resolution(null, null);
        if (envVar != null && !envVar.isBlank()) {
            String v = env.apply(envVar);
            if (v != null && !v.isBlank()) return new Resolution(new Secret(v), null);
        }
        if (file != null) {
            try {
                String v = Files.readString(file, StandardCharsets.UTF_8);
                if (!v.isBlank()) return new Resolution(new Secret(v), null);
                return new Resolution(null, "secret file " + file + " is empty");
            } catch (IOException e) {
                if (envVar == null) return new Resolution(null, "cannot read secret file " + file + ": " + e.getClass().getSimpleName());
            }
        }
        return new Resolution(null, "no key in " + describe());
    }

    /** A resolved key (null when none is needed or none was found) and, when it was needed but missing, why. */
    public record Resolution(Secret secret, String missing) {
        public boolean isMissing() {
            return missing != null;
        }
    }
}
