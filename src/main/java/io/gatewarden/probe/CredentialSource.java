package io.gatewarden.probe;


import io.gatewarden.secret.SecretResolver;
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
        return SecretResolver.describe(envVar, file);
    }

    /**
     * The key, or a {@link SecretResolver.Lookup} that says why there is none.
     *
     * @param env how to read environment variables (System::getenv in production)
     */
    public SecretResolver.Lookup resolve(Function<String, String> env) {
        return new SecretResolver(env).firstOf(envVar, file);
    }
}
