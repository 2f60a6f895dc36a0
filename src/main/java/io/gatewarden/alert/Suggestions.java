package io.gatewarden.alert;

import java.util.Map;

/** What a human can do about each incident type, shown when gatewarden itself did nothing yet. */
final class Suggestions {
    private static final Map<String, String> BY_TYPE = Map.ofEntries(
            Map.entry("error_loop", "A session keeps failing the same way: stop or reset it, then read its last errors."),
            Map.entry("chain_exhausted", "Every model of the chain failed: add a fallback on a different provider."),
            Map.entry("fallback_skipped", "A fallback was skipped: check its auth profile, key and model name."),
            Map.entry("provider_rate_limited", "Switch the primary to a fallback on another provider until the rate limit clears."),
            Map.entry("provider_overloaded", "Route traffic to a fallback on another provider until the provider recovers."),
            Map.entry("quota_exhausted", "Top up billing or move traffic off this profile; the gateway disables it for up to 24 h."),
            Map.entry("quota_burn", "Find the sessions that burn tokens fastest; consider a cheaper model or a limit."),
            Map.entry("context_pressure", "Compact or reset the session before it overflows, or use a model with a larger context."),
            Map.entry("context_overflow", "Reset or compact the session; pick a model with a larger context window."),
            Map.entry("request_rejected", "The provider rejects requests: check the model id, the request format and the profile's key."),
            Map.entry("config_reload_failed", "The last openclaw.json edit was invalid and ignored: run `gatewarden check` on it."),
            Map.entry("chain_misconfigured", "Run `gatewarden check openclaw.json` and fix the errors it lists."),
            Map.entry("gateway_down", "Check `systemctl --user status openclaw-gateway` and the end of the gateway log."),
            Map.entry("gateway_crashed", "Read the gateway log lines before the crash; restart the gateway if it stays down."),
            Map.entry("gateway_restarted", "No action needed unless it repeats."),
            Map.entry("gateway_restart_loop", "The gateway keeps restarting: read the lines before each restart; stop it if it cannot start."),
            Map.entry("provider_unhealthy", "The provider's health probe fails: check its status page and the configured base URL."),
            Map.entry("state_unwritable", "gatewarden cannot write its state dir: free space or fix its permissions/mount; it keeps detecting meanwhile."));

    private Suggestions() {}

    static String forType(String type) {
        return type == null ? null : BY_TYPE.get(type);
    }
}
