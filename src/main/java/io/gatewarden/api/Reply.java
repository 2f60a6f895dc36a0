package io.gatewarden.api;

import java.util.Map;

/** An API answer before it becomes an HTTP response: status, JSON body, extra headers. */
public record Reply(int status, Object body, Map<String, String> headers) {
    public static Reply ok(Object body) {
        return new Reply(200, body, Map.of());
    }

    public static Reply created(Object body) {
        return new Reply(201, body, Map.of());
    }

    public static Reply error(ApiException e) {
        Map<String, String> h = e.status() == 401 ? Map.of("WWW-Authenticate", "Bearer realm=\"gatewarden\"") : Map.of();
        return new Reply(e.status(), e.toError(), h);
    }
}
