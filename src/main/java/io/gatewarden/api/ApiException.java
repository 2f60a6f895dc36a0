package io.gatewarden.api;

/**
 * A refused API request: the HTTP status, a short machine-readable error code and a sentence for humans.
 *
 * @see ApiError
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final String field;

    public ApiException(int status, String error, String detail, String field) {
        super(detail);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "bad_request", detail, field);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail, null);
    }

    public static ApiException conflict(String error, String detail) {
        return new ApiException(409, error, detail, null);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The request field at fault (400 only), or null. */
    public String field() {
        return field;
    }

    public ApiError toError() {
        return new ApiError(error, getMessage(), field);
    }
}
