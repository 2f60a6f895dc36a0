package io.gatewarden.breaker;

/**
 * Hears breaker state changes. Called after the registry has released its lock, on the thread that fed the
 * event (or ran the tick); keep it short or hand work to an executor.
 */
@FunctionalInterface
public interface BreakerListener {
    void onTransition(BreakerTransition transition);
}
