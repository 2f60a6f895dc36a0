package io.gatewarden.gateway;

/**
 * A config edit that was refused: the file is not valid JSON5, the path is missing or holds another type, or the
 * value is no longer what the caller expected. The file on disk is left exactly as it was.
 */
public class Json5EditException extends Exception {
    public enum Kind { INVALID_DOCUMENT, PATH_MISSING, WRONG_TYPE, PRECONDITION_FAILED, CONCURRENT_EDIT }

    private final Kind kind;

    public Json5EditException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Json5EditException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
