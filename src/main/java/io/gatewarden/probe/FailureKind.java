package io.gatewarden.probe;

/** Why a probe failed, coarse enough for a breaker to act on and a human to read. */
public enum FailureKind {
    /** The probe succeeded. */
    NONE,
    /** No answer within the per-request timeout (connect, headers or body). */
    TIMEOUT,
    /** Nothing listens on the port. */
    CONNECTION_REFUSED,
    /** DNS, TLS, reset or other transport failure. */
    CONNECTION_ERROR,
    /** 401 or 403: the key is wrong, revoked or lacks access. */
    AUTH,
    /** 429: rate limited (or out of quota). */
    RATE_LIMITED,
    /** Another 4xx. */
    CLIENT_ERROR,
    /** 5xx (including Anthropic's 529 overloaded) or a gateway that says it is not ready. */
    SERVER_ERROR,
    /** 2xx but the body is not the JSON this endpoint returns. */
    GARBAGE_BODY,
    /** gatewarden's own configuration names a key that is not there (env var unset, file missing); nothing was sent. */
    NO_CREDENTIAL;
}
