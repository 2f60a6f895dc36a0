package io.gatewarden.parse;

/**
 * Error texts with a meaning of their own, wherever a line quotes them: lane errors, the ws answer to an
 * agent call, the CLI's "[openclaw] Reason: …", any WARN+ line.
 */
final class QuotedErrors {
    static final String UNKNOWN_MODEL = "Unknown model: ";
    static final String NO_API_KEY = "No API key found for provider ";
    static final String ALL_FAILED = "All models failed (";
    /** OpenClaw refused a rung itself, its auth profile cooling down: {@code Auth profile "p" is temporarily unavailable for p/m.} */
    static final String UNAVAILABLE_FOR = " is temporarily unavailable for ";

    private QuotedErrors() {}

    /**
     * Error texts with a meaning of their own, wherever they are quoted. Returns true (type set) when
     * one matched. The order matters: "All models failed" quotes the other texts.
     */
    static boolean apply(String text, EventBuilder b) {
        int all = text.indexOf(ALL_FAILED);
        if (all >= 0) {
            b.type(EventType.CHAIN_EXHAUSTED);
            int close = text.indexOf(')', all);
            if (close > 0) b.attr("candidates", Texts.toInt(text.substring(all + ALL_FAILED.length(), close)));
            if (close > 0) b.attr("models", failedModels(text, close + 1));
            if (b.detail == null) b.detail = text.substring(all);
            return true;
        }
        int unavailable = text.indexOf(UNAVAILABLE_FOR);
        if (unavailable >= 0) {
            // quoted as a run's final error (fixture 14): the gateway refused the last rung without a request, so the
            // run failed with every rung failed or skipped — an exhausted chain, and a cooldown skip of that rung
            b.type(EventType.CHAIN_EXHAUSTED);
            b.modelRef(Texts.stripTrailing(Texts.word(text, unavailable + UNAVAILABLE_FOR.length()), ".,;:)\"'`"));
            b.attr("unavailable", "true");
            if (b.detail == null) b.detail = text;
            return true;
        }
        int key = text.indexOf(NO_API_KEY);
        if (key >= 0) {
            b.type(EventType.MISSING_API_KEY);
            b.reason = FailureReasons.AUTH;
            if (b.provider == null) b.provider = Texts.between(text, key + NO_API_KEY.length(), '"', '"');
            if (b.detail == null) b.detail = text;
            return true;
        }
        int unknown = text.indexOf(UNKNOWN_MODEL);
        if (unknown >= 0) {
            b.type(EventType.UNKNOWN_MODEL);
            b.reason = FailureReasons.MODEL_NOT_FOUND;
            b.modelRef(Texts.stripTrailing(Texts.word(text, unknown + UNKNOWN_MODEL.length()), ".,;:)\"'`"));
            if (b.detail == null) b.detail = text;
            return true;
        }
        if (text.contains("Context overflow") || text.contains("context overflow")) {
            OpenClawRules.contextOverflow(b, "reported");
            if (b.detail == null) b.detail = text;
            return true;
        }
        if (text.contains("rejected the request schema")) {
            b.type(EventType.REQUEST_REJECTED);
            b.reason = FailureReasons.FORMAT;
            if (b.detail == null) b.detail = text;
            return true;
        }
        return false;
    }

    /** "…(2): fakeoa/quota-429: Provider … | nokeyremote/m1: Couldn't …" → "fakeoa/quota-429,nokeyremote/m1". */
    private static String failedModels(String text, int from) {
        StringBuilder sb = new StringBuilder();
        int pos = text.indexOf(": ", from) == from ? from + 2 : from;
        for (int n = 0; n < 10 && pos < text.length(); n++) {
            int sep = text.indexOf(": ", pos);
            if (sep < 0) break;
            String ref = text.substring(pos, sep).trim();
            if (ref.indexOf('/') <= 0 || ref.indexOf(' ') >= 0) break;
            if (sb.length() > 0) sb.append(',');
            sb.append(ref);
            int next = text.indexOf(" | ", sep);
            if (next < 0) break;
            pos = next + 3;
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
