package io.gatewarden.alert;

/**
 * Delivers one notification to one receiver (Alertmanager's {@code Notify(ctx, alerts) (retryable, error)}).
 * Called from the receiver's own worker thread; must bound its own time with a request timeout, and should turn
 * failures into a {@link DeliveryResult} rather than throw (a thrown exception counts as retryable).
 */
public interface Notifier extends AutoCloseable {
    DeliveryResult notify(Notification notification);

    /** A safe one-line description: type, host and secret fingerprints, never a token or secret URL. */
    String describe();

    @Override
    default void close() {}
}
