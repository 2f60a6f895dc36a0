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
        return who(agent, kind.wireName(), name);
    }

    /** The one wording of a source: "main heartbeat", "ops cron job-b", "? session not in the log". */
    public static String who(String agent, String kind, String name) {
        if ("heartbeat".equals(kind)) return agent + " heartbeat";
        if ("unknown".equals(kind)) return agent + " " + name;
        return agent + " " + kind + " " + name;
    }
}
