package io.gatewarden.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Boots Quarkus with the watchdog on ({@code %test} turns it off for every other Quarkus test), against the
 * {@link StatusPageLab}'s temp files. {@code DaemonContext} reads the {@code gatewarden.config} system property,
 * which {@link StatusPageLab#get()} sets before the app starts.
 */
public class StatusPageProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        StatusPageLab.get();
        return Map.of("gatewarden.daemon.enabled", "true");
    }
}
