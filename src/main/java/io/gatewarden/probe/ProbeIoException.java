package io.gatewarden.probe;

/** No response arrived; {@link #kind()} says why (timeout, refused, other transport error). */
public final class ProbeIoException extends Exception {
    private final FailureKind kind;

    public ProbeIoException(FailureKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public FailureKind kind() {
        return kind;
    }
}
