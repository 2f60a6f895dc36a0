package io.gatewarden.parse;

import java.util.Locale;

/**
 * Failure reasons in OpenClaw's own vocabulary (rate_limit, overloaded, billing, auth, model_not_found,
 * format, context_overflow, timeout, server_error, aborted), for lines that carry only an HTTP status or
 * an error text. Structured OpenClaw events already name their reason and never come through here.
 */
public final class FailureReasons {
    public static final String RATE_LIMIT = "rate_limit";
    public static final String OVERLOADED = "overloaded";
    public static final String BILLING = "billing";
    public static final String AUTH = "auth";
    public static final String MODEL_NOT_FOUND = "model_not_found";
    public static final String FORMAT = "format";
    public static final String CONTEXT_OVERFLOW = "context_overflow";
    public static final String TIMEOUT = "timeout";
    public static final String SERVER_ERROR = "server_error";
    public static final String ABORTED = "aborted";

    private FailureReasons() {}

    /**
     * The reason an HTTP status implies, or null when it implies none (2xx/3xx, or a 400 whose body decides).
     * 429 is rate_limit here; callers that see quota wording turn it into billing via {@link #fromText}.
     */
    public static String fromStatus(int status) {
        return switch (status) {
            case 429 -> RATE_LIMIT;
            case 529, 503 -> OVERLOADED;
            case 402 -> BILLING;
            case 401, 403 -> AUTH;
            case 404 -> MODEL_NOT_FOUND;
            case 408, 504 -> TIMEOUT;
            case 413 -> CONTEXT_OVERFLOW;
            default -> status >= 500 && status <= 599 ? SERVER_ERROR : null;
        };
    }

    /** The reason an error text names (OpenClaw's user-facing texts and common provider/LiteLLM wording), or null. */
    public static String fromText(String text) {
        if (text == null || text.isEmpty()) return null;
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("context overflow") || t.contains("context_length_exceeded") || t.contains("contextwindowexceeded")
                || t.contains("maximum context length") || t.contains("prompt is too long") || t.contains("prompt too large")) {
            return CONTEXT_OVERFLOW;
        }
        if (t.contains("insufficient_quota") || t.contains("exceeded your current quota") || t.contains("billing")
                || t.contains("credit balance") || t.contains("out of credits")) {
            return BILLING;
        }
        if (t.contains("rate limit") || t.contains("ratelimit") || t.contains("rate_limit") || t.contains("too many requests")) {
            return RATE_LIMIT;
        }
        if (t.contains("overloaded") || t.contains("service unavailable") || t.contains("serviceunavailable")) {
            return OVERLOADED;
        }
        if (t.contains("no api key found") || t.contains("authenticationerror") || t.contains("invalid api key")
                || t.contains("invalid x-api-key") || t.contains("unauthorized") || t.contains("couldn't sign in")) {
            return AUTH;
        }
        if (t.contains("unknown model") || t.contains("model_not_found") || t.contains("notfounderror")
                || t.contains("does not exist")) {
            return MODEL_NOT_FOUND;
        }
        if (t.contains("rejected the request schema") || t.contains("tool_use_id") || t.contains("invalid_request_error")
                || t.contains("badrequesterror")) {
            return FORMAT;
        }
        if (t.contains("timed out") || t.contains("timeout")) return TIMEOUT;
        if (t.contains("aborted")) return ABORTED;
        return null;
    }
}
