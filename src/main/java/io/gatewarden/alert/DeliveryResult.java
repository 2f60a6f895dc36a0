package io.gatewarden.alert;

import java.time.Duration;

/** What one delivery attempt came to: delivered, worth retrying (maybe after a server-given delay), or never going to work. */
public sealed interface DeliveryResult {
    record Delivered(String detail) implements DeliveryResult {}

    /** @param retryAfter the receiver's {@code Retry-After}, or null */
    record Retryable(String reason, Duration retryAfter) implements DeliveryResult {}

    record Permanent(String reason) implements DeliveryResult {}

    static DeliveryResult delivered() {
        return new Delivered("");
    }

    static DeliveryResult retry(String reason) {
        return new Retryable(reason, null);
    }

    static DeliveryResult permanent(String reason) {
        return new Permanent(reason);
    }
}
