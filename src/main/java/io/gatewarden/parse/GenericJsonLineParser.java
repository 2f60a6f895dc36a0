package io.gatewarden.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * Reads generic JSON logs of LLM proxies and gateways (LiteLLM's JSON logs and the like): one JSON object
 * per line, flat top-level fields. Field names it knows (first match wins, case-sensitive):
 * <ul>
 *   <li>level: {@code level}, {@code levelname}, {@code severity} — names (debug, info, warning, error,
 *       critical, …) or numbers (Python's 10/20/30/40/50, or 1..6 as tslog);</li>
 *   <li>time: {@code timestamp}, {@code time}, {@code ts}, {@code @timestamp} — ISO-8601 text, or epoch
 *       seconds (fractions allowed) / milliseconds as numbers;</li>
 *   <li>text: {@code message}, {@code msg};</li>
 *   <li>model: {@code model} ("provider/model" is split when no provider field is given);
 *       provider: {@code provider}, {@code custom_llm_provider}, {@code llm_provider};</li>
 *   <li>HTTP status: {@code status_code}, {@code status}, {@code http_status} (number or text);</li>
 *   <li>error: {@code exception}, {@code error}, {@code error_message} — text, or an object whose
 *       {@code message}/{@code type}/{@code code} are read;</li>
 *   <li>ids: {@code request_id}, {@code run_id}, {@code litellm_call_id} → runId; {@code session_id}.</li>
 * </ul>
 * What a line becomes:
 * <ul>
 *   <li>an error that names a context-window overflow → {@link EventType#CONTEXT_OVERFLOW};</li>
 *   <li>a status ≥ 400, or an exception/error field → {@link EventType#RUN_ATTEMPT_FAILED} with a reason from
 *       {@link FailureReasons}: 429 rate_limit (billing when the text speaks of quota or credits),
 *       529/503 overloaded, 402 billing, 401/403 auth, 404 model_not_found, 408/504 timeout, other 5xx
 *       server_error; without a status the error text decides (RateLimitError, overloaded, …);</li>
 *   <li>a status below 400 with a model → {@link EventType#MODEL_FETCH};</li>
 *   <li>any other JSON object → {@link EventType#GENERIC}; anything else → {@link EventType#MALFORMED}.</li>
 * </ul>
 * A level alone never makes an error: "error" lines without status or error field stay GENERIC.
 */
public final class GenericJsonLineParser implements LineParser {
    private final int maxLineChars;
    private final int evidenceChars;

    public GenericJsonLineParser() {
        this(ParseSettings.defaults());
    }

    public GenericJsonLineParser(ParseSettings settings) {
        this.maxLineChars = settings.maxLineChars();
        this.evidenceChars = settings.evidenceChars();
    }

    /** The known fields of one line. */
    private static final class Line {
        String level;
        String time;
        String message;
        String model;
        String provider;
        String status;
        String error;
        String runId;
        String session;
    }

    @Override
    public GatewayEvent parse(String line) {
        String bad = JsonLines.precheck(line, maxLineChars);
        if (bad != null) return GatewayEvent.malformed(bad, line == null ? null : Evidence.of(line, evidenceChars));
        Line l;
        try (JsonParser p = JsonLines.open(line)) {
            l = read(p);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof IOException io ? JsonLines.reason(io) : "unreadable line: " + e;
            return GatewayEvent.malformed(why, Evidence.of(line, evidenceChars));
        }
        return toEvent(l, Evidence.of(line, evidenceChars));
    }

    private static Line read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
        Line l = new Line();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "level", "levelname", "severity" -> l.level = first(l.level, scalar(p, t));
                case "timestamp", "time", "ts", "@timestamp" -> l.time = first(l.time, scalar(p, t));
                case "message", "msg" -> l.message = first(l.message, scalar(p, t));
                case "model" -> l.model = first(l.model, scalar(p, t));
                case "provider", "custom_llm_provider", "llm_provider" -> l.provider = first(l.provider, scalar(p, t));
                case "status_code", "status", "http_status" -> l.status = first(l.status, scalar(p, t));
                case "exception", "error", "error_message" -> l.error = first(l.error, errorText(p, t));
                case "request_id", "run_id", "litellm_call_id" -> l.runId = first(l.runId, scalar(p, t));
                case "session_id" -> l.session = first(l.session, scalar(p, t));
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) throw new IOException("trailing content after the JSON object");
        return l;
    }

    private static GatewayEvent toEvent(Line l, String raw) {
        EventBuilder b = new EventBuilder();
        b.time = time(l.time);
        b.level = level(l.level);
        b.runId = l.runId;
        b.session = l.session;
        b.provider = l.provider;
        if (l.model != null) {
            if (l.provider == null && l.model.indexOf('/') > 0) b.modelRef(l.model);
            else b.model = l.model;
        }
        int status = Math.max(Texts.toInt(l.status), 0);
        b.status = status;
        String errorText = l.error;
        String anyText = errorText != null ? errorText : l.message;
        boolean failed = status >= 400 || errorText != null;
        String textReason = failed ? FailureReasons.fromText(anyText) : null;
        if (FailureReasons.CONTEXT_OVERFLOW.equals(textReason)) {
            b.type(EventType.CONTEXT_OVERFLOW);
            b.reason = textReason;
            b.detail = anyText;
        } else if (failed) {
            b.type(EventType.RUN_ATTEMPT_FAILED);
            b.reason = reason(status, textReason);
            b.detail = anyText;
        } else if (status > 0 && l.model != null) {
            b.type(EventType.MODEL_FETCH);
            b.detail = l.message;
        }
        return b.build(raw);
    }

    /** The status decides, except that quota wording turns a 429 into billing and a 400 needs the text. */
    private static String reason(int status, String textReason) {
        String byStatus = FailureReasons.fromStatus(status);
        if (status == 429 && FailureReasons.BILLING.equals(textReason)) return FailureReasons.BILLING;
        if (byStatus != null) return byStatus;
        return textReason;
    }

    private static String errorText(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            String message = null;
            String type = null;
            String code = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "message" -> message = scalar(p, v);
                    case "type" -> type = scalar(p, v);
                    case "code" -> code = scalar(p, v);
                    default -> p.skipChildren();
                }
            }
            StringBuilder sb = new StringBuilder();
            if (type != null) sb.append(type);
            if (code != null) sb.append(sb.length() > 0 ? " " : "").append(code);
            if (message != null) sb.append(sb.length() > 0 ? ": " : "").append(message);
            return sb.length() == 0 ? "error" : sb.toString();
        }
        String s = scalar(p, t);
        // "error": false / null / "" mean no error
        if (s == null || s.isEmpty() || s.equals("false") || s.equals("None")) return null;
        return s;
    }

    /** Text of a scalar value; null (and the value skipped) for null, arrays and objects. */
    private static String scalar(JsonParser p, JsonToken t) throws IOException {
        if (t != null && t.isScalarValue() && t != JsonToken.VALUE_NULL) return p.getText();
        p.skipChildren();
        return null;
    }

    private static String first(String current, String candidate) {
        return current != null ? current : candidate;
    }

    private static Instant time(String s) {
        if (s == null || s.isEmpty()) return null;
        char c = s.charAt(0);
        if (c >= '0' && c <= '9' && s.indexOf('-') < 0) {
            try {
                double v = Double.parseDouble(s);
                // below 1e11 it is seconds (year 5138 in seconds is ~1e11; ms timestamps are ~1.7e12)
                long ms = v < 1e11 ? (long) (v * 1000d) : (long) v;
                return IsoTimes.ofEpochMillis(ms);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return IsoTimes.parse(s);
    }

    private static int level(String s) {
        if (s == null || s.isEmpty()) return 0;
        int n = Texts.toInt(s);
        if (n >= 0) {
            if (n <= 6) return n;
            if (n >= 50) return 6;
            if (n >= 40) return 5;
            if (n >= 30) return 4;
            if (n >= 20) return 3;
            if (n >= 10) return 2;
            return 1;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "trace" -> 1;
            case "debug" -> 2;
            case "info", "information", "notice" -> 3;
            case "warn", "warning" -> 4;
            case "error", "err" -> 5;
            case "fatal", "critical", "crit", "alert", "emergency", "panic" -> 6;
            default -> 0;
        };
    }
}
