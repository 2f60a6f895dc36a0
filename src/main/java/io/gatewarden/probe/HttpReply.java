package io.gatewarden.probe;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response as a probe needs it.
 *
 * @param headers   response headers (any case; {@link RateLimitHeaders} matches case-insensitively)
 * @param body      the body, at most the adapter's byte limit
 * @param truncated true when the body was longer than the limit and was cut
 */
public record HttpReply(int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {
    public HttpReply {
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HttpReply[status=" + status + ", bytes=" + body.length + (truncated ? ", truncated" : "") + "]";
    }
}
