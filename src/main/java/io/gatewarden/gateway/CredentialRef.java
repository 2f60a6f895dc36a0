package io.gatewarden.gateway;


import io.gatewarden.secret.Fingerprint;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A credential as the config names it, without the credential (so not a {@link io.gatewarden.secret.Secret}): inline keys are reduced to a fingerprint
 * ({@code fp:} + 8 hex of sha256) the moment they are read, so nothing downstream can print them.
 * References ({@code ${OPENAI_API_KEY}}, a bare env marker, a SecretRef object) keep their name, which is not secret.
 */
public final class CredentialRef {
    public enum Kind {
        /** The key itself was written in the file. */
        INLINE,
        /** {@code "${VAR}"} or a bare upper-case env var name: resolved from the gateway's environment. */
        ENV,
        /** A SecretRef object {@code {source, provider, id}}: resolved by the gateway's secret provider. */
        SECRET_REF
    }

    private static final Pattern ENV_SUBST = Pattern.compile("^\\$\\{([A-Z_][A-Z0-9_]*)}$");
    private static final Pattern ENV_MARKER = Pattern.compile("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$");

    private final Kind kind;
    private final String fingerprint;
    private final String reference;

    private CredentialRef(Kind kind, String fingerprint, String reference) {
        this.kind = kind;
        this.fingerprint = fingerprint;
        this.reference = reference;
    }

    /** Reads a string credential value; null or blank means "no credential". */
    public static CredentialRef fromString(String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        var m = ENV_SUBST.matcher(v);
        if (m.matches()) return new CredentialRef(Kind.ENV, Fingerprint.of(v), m.group(1));
        if (ENV_MARKER.matcher(v).matches()) return new CredentialRef(Kind.ENV, Fingerprint.of(v), v);
        return new CredentialRef(Kind.INLINE, Fingerprint.of(v), null);
    }

    /** A SecretRef ({@code {source:"env", provider:"default", id:"OPENAI_API_KEY"}}). */
    public static CredentialRef fromRef(String source, String provider, String id) {
        String src = source == null ? "env" : source;
        if ("env".equals(src) && id != null) return new CredentialRef(Kind.ENV, Fingerprint.of("${" + id + "}"), id);
        String ref = src + ":" + (provider == null ? "default" : provider) + ":" + id;
        return new CredentialRef(Kind.SECRET_REF, Fingerprint.of(ref), ref);
    }

    /** An env var the gateway reads from its own environment (not visible to gatewarden). */
    public static CredentialRef fromEnv(String varName) {
        return new CredentialRef(Kind.ENV, Fingerprint.of("${" + varName + "}"), varName);
    }

    public Kind kind() { return kind; }

    public String fingerprint() { return fingerprint; }

    /** The env var or SecretRef this credential comes from; null for an inline key. */
    public String reference() { return reference; }

    /**
     * What makes two credentials "the same account" for the lint: the fingerprint of an inline key,
     * or the env var / SecretRef it is read from.
     */
    public String identity() {
        return switch (kind) {
            case INLINE -> fingerprint;
            case ENV -> "env:" + reference;
            case SECRET_REF -> "ref:" + reference;
        };
    }

    /** Safe to print: never the key. */
    public String describe() {
        return switch (kind) {
            case INLINE -> "inline key " + fingerprint;
            case ENV -> "env " + reference;
            case SECRET_REF -> "secret ref " + reference;
        };
    }

    @Override public String toString() { return describe(); }

    @Override public boolean equals(Object o) {
        return o instanceof CredentialRef s && s.kind == kind && s.fingerprint.equals(fingerprint) && Objects.equals(s.reference, reference);
    }

    @Override public int hashCode() { return Objects.hash(kind, fingerprint, reference); }
}
