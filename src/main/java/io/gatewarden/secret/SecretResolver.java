package io.gatewarden.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where secrets come from: a value written inline, an environment variable (by name), or a file (e.g. a Kubernetes
 * secret mount; surrounding whitespace is not part of the value). Two rules, for the two ways config names them:
 * <ul>
 *   <li>{@link #exactlyOne}: {@code key} / {@code key_env} / {@code key_file}, at most one set; a named variable or file
 *       that gives nothing is a config error (alert receivers, heartbeat).</li>
 *   <li>{@link #firstOf}: an environment variable, else a file, looked up again at every use so a rotated key is
 *       picked up; nothing found is an outcome with a reason, not an exception (provider probes).</li>
 * </ul>
 * Messages name settings, variables and files, never a value.
 */
public final class SecretResolver {
    private final Function<String, String> env;

    /** @param env how environment variables are read ({@code System::getenv} in production) */
    public SecretResolver(Function<String, String> env) {
        this.env = env;
    }

    /** A secret found, or (null when none is needed or none was found) why it is missing. */
    public record Lookup(Secret secret, String missing) {
        public boolean isMissing() {
            return missing != null;
        }
    }

    /** The variable's value, or null when it is unset or blank. */
    public Secret env(String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : Secret.of(v);
    }

    /** The file's content, or null when the file is blank. */
    public static Secret file(Path file) throws IOException {
        String v = Files.readString(file, StandardCharsets.UTF_8);
        return v.isBlank() ? null : Secret.of(v);
    }

    /**
     * The secret given as {@code key}, {@code key_env} or {@code key_file}; null when none is set.
     *
     * @throws IllegalArgumentException when more than one is set, or the named variable or file gives nothing
     */
    public Secret optional(String where, String key, Secret inline, String envName, String fileName) {
        int set = (inline != null ? 1 : 0) + (envName != null ? 1 : 0) + (fileName != null ? 1 : 0);
        if (set > 1) throw new IllegalArgumentException(where + ": set only one of " + key + ", " + key + "_env, " + key + "_file");
        if (inline != null) return inline;
        if (envName != null) return requiredEnv(envName, where + ": environment variable " + envName + " (" + key + "_env) is not set");
        if (fileName == null) return null;
        try {
            Secret s = file(Path.of(fileName));
            if (s == null) throw new IllegalArgumentException(where + ": " + key + "_file " + fileName + " is empty");
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": cannot read " + key + "_file " + fileName + ": " + e.getClass().getSimpleName());
        }
    }

    /** Like {@link #optional}, and one of the three must be set. */
    public Secret required(String where, String key, Secret inline, String envName, String fileName) {
        Secret s = optional(where, key, inline, envName, fileName);
        if (s == null) throw new IllegalArgumentException(where + ": set one of " + key + ", " + key + "_env, " + key + "_file");
        return s;
    }

    /** The variable's value; {@code ifMissing} is the error's message when it is unset or blank. */
    public Secret requiredEnv(String name, String ifMissing) {
        Secret s = env(name);
        if (s == null) throw new IllegalArgumentException(ifMissing);
        return s;
    }

    /**
     * The environment variable if it is set and not blank, else the file. Either may be null; both null means no secret
     * is needed ({@code Lookup(null, null)}).
     */
    public Lookup firstOf(String envVar, Path file) {
        boolean hasEnv = envVar != null && !envVar.isBlank();
        if (!hasEnv && file == null) return new Lookup(null, null);
        if (hasEnv) {
            Secret s = env(envVar);
            if (s != null) return new Lookup(s, null);
        }
        if (file != null) {
            try {
                Secret s = file(file);
                if (s != null) return new Lookup(s, null);
                return new Lookup(null, "secret file " + file + " is empty");
            } catch (IOException e) {
                if (envVar == null) return new Lookup(null, "cannot read secret file " + file + ": " + e.getClass().getSimpleName());
            }
        }
        return new Lookup(null, "no key in " + describe(envVar, file));
    }

    /** Where a secret should come from, for messages ("env ANTHROPIC_API_KEY or file /run/secrets/x"). */
    public static String describe(String envVar, Path file) {
        boolean hasEnv = envVar != null && !envVar.isBlank();
        if (!hasEnv && file == null) return "none";
        StringBuilder sb = new StringBuilder();
        if (hasEnv) sb.append("env ").append(envVar);
        if (file != null) sb.append(sb.length() > 0 ? " or " : "").append("file ").append(file);
        return sb.toString();
    }
}
