package io.gatewarden.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** Resolves a secret given inline ({@code key}), by environment variable name ({@code key_env}) or by file ({@code key_file}). */
final class Secrets {
    private final Function<String, String> env;

    Secrets(Function<String, String> env) {
        this.env = env;
    }

    /** The secret, or null when none of the three is set. At most one may be set. */
    Secret optional(String where, String key, Secret inline, String envName, String file) {
        int set = (inline != null ? 1 : 0) + (envName != null ? 1 : 0) + (file != null ? 1 : 0);
        if (set > 1) throw new IllegalArgumentException(where + ": set only one of " + key + ", " + key + "_env, " + key + "_file");
        if (inline != null) return inline;
        if (envName != null) {
            String v = env.apply(envName);
            if (v == null || v.isBlank()) throw new IllegalArgumentException(where + ": environment variable " + envName + " (" + key + "_env) is not set");
            return Secret.of(v);
        }
        if (file != null) {
            try {
                String v = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (v.isEmpty()) throw new IllegalArgumentException(where + ": " + key + "_file " + file + " is empty");
                return Secret.of(v);
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": cannot read " + key + "_file " + file + ": " + e.getClass().getSimpleName());
            }
        }
        return null;
    }

    Secret required(String where, String key, Secret inline, String envName, String file) {
        Secret s = optional(where, key, inline, envName, file);
        if (s == null) throw new IllegalArgumentException(where + ": set one of " + key + ", " + key + "_env, " + key + "_file");
        return s;
    }

    /** Header values from environment variables (e.g. an Authorization header), each treated as a secret. */
    java.util.Map<String, Secret> headers(String where, java.util.Map<String, String> fromEnv) {
        java.util.Map<String, Secret> out = new java.util.TreeMap<>();
        fromEnv.forEach((header, envName) -> {
            Http.checkHeaderName(header, where);
            String v = env.apply(envName);
            if (v == null || v.isBlank()) throw new IllegalArgumentException(where + ": environment variable " + envName + " (header " + header + ") is not set");
            out.put(header, Secret.of(v));
        });
        return out;
    }
}
