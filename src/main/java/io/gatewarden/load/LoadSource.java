package io.gatewarden.load;

/**
 * Who made a provider call: one row of the load table.
 *
 * @param agent      the agent id, or "?" when the log does not name it
 * @param name       the cron job's name (or id), the chat's channel, "heartbeat", the sub-agent's name
 * @param credential the credential as a fingerprint or profile id (never a key)
 */
public record LoadSource(String agent, SourceKind kind, String name, String provider, String model, String credential) {

    public String modelRef() {
        return provider + "/" + model;
    }

    /** "main heartbeat", "ops cron job-b", "main chat direct": who, for humans. */
    public String who() {
        return agent + " " + kind.wireName() + (kind == SourceKind.HEARTBEAT ? "" : " " + name);
    }
}
