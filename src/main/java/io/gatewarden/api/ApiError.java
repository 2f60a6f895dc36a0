package io.gatewarden.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every API error: {@code {"error": "bad_request", "detail": "model: must be provider/model", "field": "model"}}.
 *
 * @param error  unauthorized | forbidden | bad_request | not_found | conflict codes (invalid_config, busy, declined, ...) |
 *               unavailable | internal
 * @param detail a sentence for humans; never a secret
 * @param field  the request field at fault, for bad_request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String detail, String field) {}
