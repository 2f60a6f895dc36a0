package io.gatewarden.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The fields gatewarden reads from a structured tslog argument (the object in "1" or "2"), kept as text
 * in fixed slots. Everything else in the object, nested arrays and objects included, is skipped by the
 * streaming parser without being decoded.
 */
final class EventFields {
    static final int EVENT = 0;
    static final int DECISION = 1;
    static final int RUN_ID = 2;
    static final int SESSION_ID = 3;
    static final int SESSION_KEY = 4;
    static final int AGENT_ID = 5;
    static final int PROVIDER = 6;
    static final int MODEL = 7;
    static final int CANDIDATE_PROVIDER = 8;
    static final int CANDIDATE_MODEL = 9;
    static final int REQUESTED_PROVIDER = 10;
    static final int REQUESTED_MODEL = 11;
    static final int NEXT_PROVIDER = 12;
    static final int NEXT_MODEL = 13;
    static final int REASON = 14;
    static final int FAILOVER_REASON = 15;
    static final int FINAL_OUTCOME = 16;
    static final int ERROR_PREVIEW = 17;
    static final int ERROR_HASH = 18;
    static final int RAW_ERROR_PREVIEW = 19;
    static final int RAW_ERROR_HASH = 20;
    static final int ERROR = 21;
    static final int PROFILE_ID = 22;
    static final int WINDOW_TYPE = 23;
    static final int DISABLED_REASON = 24;
    static final int STAGE = 25;
    static final int FAILURE_KIND = 26;
    static final int ERROR_NAME = 27;
    static final int HTTP_CODE = 28;
    static final int STATUS = 29;
    static final int ATTEMPT = 30;
    static final int TOTAL = 31;
    static final int RETRY_COUNT = 32;
    static final int ERROR_COUNT = 33;
    static final int DISABLED_UNTIL = 34;
    static final int COOLDOWN_UNTIL = 35;
    static final int IS_ERROR = 36;
    static final int IS_PRIMARY = 37;
    static final int MODEL_ID = 38;
    static final int ABORTED = 39;
    private static final int COUNT = 40;

    /** The field name of each slot, for the byte path ({@link #slotOf(byte[], int, int)}). */
    private static final String[] NAMES = new String[COUNT];
    /** Open-addressing table of the names' UTF-8 bytes: slot + 1, 0 = empty. */
    private static final int TABLE_SIZE = 256;
    private static final byte[][] TABLE_NAMES = new byte[TABLE_SIZE][];
    private static final int[] TABLE_SLOTS = new int[TABLE_SIZE];

    static {
        String[] names = {"event", "decision", "runId", "sessionId", "sessionKey", "agentId", "provider", "model",
                "candidateProvider", "candidateModel", "requestedProvider", "requestedModel", "nextCandidateProvider",
                "nextCandidateModel", "reason", "failoverReason", "fallbackStepFinalOutcome", "errorPreview", "errorHash",
                "rawErrorPreview", "rawErrorHash", "error", "profileId", "windowType", "disabledReason", "stage",
                "providerRuntimeFailureKind", "errorName", "httpCode", "status", "attempt", "total", "retryCount",
                "errorCount", "disabledUntil", "cooldownUntil", "isError", "isPrimary", "modelId", "aborted"};
        for (String name : names) {
            int slot = slotOf(name);
            if (slot < 0 || NAMES[slot] != null) throw new IllegalStateException("field table out of step: " + name);
            NAMES[slot] = name;
            byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int h = hash(bytes, 0, bytes.length) & (TABLE_SIZE - 1);
            while (TABLE_NAMES[h] != null) h = (h + 1) & (TABLE_SIZE - 1);
            TABLE_NAMES[h] = bytes;
            TABLE_SLOTS[h] = slot;
        }
        for (int s = 0; s < COUNT; s++) {
            if (NAMES[s] == null) throw new IllegalStateException("no name for field slot " + s);
        }
    }

    private final String[] values = new String[COUNT];

    String get(int slot) {
        return values[slot];
    }

    boolean isTrue(int slot) {
        return "true".equals(values[slot]);
    }

    /** The slot's value as a non-negative int, or -1. */
    int intValue(int slot) {
        return Texts.toInt(values[slot]);
    }

    /** Reads the object whose START_OBJECT is the parser's current token, through its END_OBJECT. */
    static EventFields read(JsonParser p) throws IOException {
        EventFields f = new EventFields();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int slot = slotOf(name);
            if (slot >= 0 && t != null && t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                f.values[slot] = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return f;
    }

    void set(int slot, String value) {
        values[slot] = value;
    }

    /** {@link #slotOf(String)} for a name given as its (unescaped) UTF-8 bytes {@code b[off, off+len)}. */
    static int slotOf(byte[] b, int off, int len) {
        int h = hash(b, off, len) & (TABLE_SIZE - 1);
        byte[] name;
        while ((name = TABLE_NAMES[h]) != null) {
            if (java.util.Arrays.equals(name, 0, name.length, b, off, off + len)) return TABLE_SLOTS[h];
            h = (h + 1) & (TABLE_SIZE - 1);
        }
        return -1;
    }

    private static int hash(byte[] b, int off, int len) {
        if (len == 0) return 0;
        int h = len * 31 + b[off] * 7 + b[off + len - 1] * 131 + b[off + (len >> 1)];
        return h ^ (h >>> 7);
    }

    static int slotOf(String name) {
        return switch (name) {
            case "event" -> EVENT;
            case "decision" -> DECISION;
            case "runId" -> RUN_ID;
            case "sessionId" -> SESSION_ID;
            case "sessionKey" -> SESSION_KEY;
            case "agentId" -> AGENT_ID;
            case "provider" -> PROVIDER;
            case "model" -> MODEL;
            case "candidateProvider" -> CANDIDATE_PROVIDER;
            case "candidateModel" -> CANDIDATE_MODEL;
            case "requestedProvider" -> REQUESTED_PROVIDER;
            case "requestedModel" -> REQUESTED_MODEL;
            case "nextCandidateProvider" -> NEXT_PROVIDER;
            case "nextCandidateModel" -> NEXT_MODEL;
            case "reason" -> REASON;
            case "failoverReason" -> FAILOVER_REASON;
            case "fallbackStepFinalOutcome" -> FINAL_OUTCOME;
            case "errorPreview" -> ERROR_PREVIEW;
            case "errorHash" -> ERROR_HASH;
            case "rawErrorPreview" -> RAW_ERROR_PREVIEW;
            case "rawErrorHash" -> RAW_ERROR_HASH;
            case "error" -> ERROR;
            case "profileId" -> PROFILE_ID;
            case "windowType" -> WINDOW_TYPE;
            case "disabledReason" -> DISABLED_REASON;
            case "stage" -> STAGE;
            case "providerRuntimeFailureKind" -> FAILURE_KIND;
            case "errorName" -> ERROR_NAME;
            case "httpCode" -> HTTP_CODE;
            case "status" -> STATUS;
            case "attempt" -> ATTEMPT;
            case "total" -> TOTAL;
            case "retryCount" -> RETRY_COUNT;
            case "errorCount" -> ERROR_COUNT;
            case "disabledUntil" -> DISABLED_UNTIL;
            case "cooldownUntil" -> COOLDOWN_UNTIL;
            case "isError" -> IS_ERROR;
            case "isPrimary" -> IS_PRIMARY;
            case "modelId" -> MODEL_ID;
            case "aborted" -> ABORTED;
            default -> -1;
        };
    }
}
