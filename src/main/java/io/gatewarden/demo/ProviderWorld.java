package io.gatewarden.demo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of the (pretend) model providers behind the simulated gateway: which models are rate-limited right now.
 * The simulator's runs and the provider stub that gatewarden probes both answer from it, so they always agree.
 */
final class ProviderWorld {
    private final Set<String> rateLimited = ConcurrentHashMap.newKeySet();

    void rateLimit(String modelRef) {
        rateLimited.add(modelRef);
    }

    void recover(String modelRef) {
        rateLimited.remove(modelRef);
    }

    boolean answers(String modelRef) {
        return modelRef != null && !rateLimited.contains(modelRef);
    }

    /** A provider's API answers 429 while any of its models is over its limit (one key, one request budget). */
    boolean providerLimited(String provider) {
        for (String m : rateLimited) if (m.startsWith(provider + "/")) return true;
        return false;
    }
}
