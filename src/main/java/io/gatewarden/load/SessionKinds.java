package io.gatewarden.load;

import java.util.Set;

/**
 * Tells what kind of work a run was from its session key and trigger. Shapes checked on OpenClaw 2026.9.6
 * (fixture 21): cron runs {@code agent:<id>:cron:<jobId>:run:<runSessionId>}; heartbeats run in
 * {@code agent:<id>:main} and only the DEBUG line "session turn created: … trigger=heartbeat" says so; the CLI's
 * {@code openclaw agent --session-id X} is {@code agent:<id>:explicit:X}. From the gateway's docs (not capturable
 * here without a channel): channel chats {@code agent:<id>:<channel>:direct|group|channel:…}, sub-agents
 * {@code agent:<id>:subagent:<name>}, hooks {@code agent:<id>:hook:…}.
 */
public final class SessionKinds {
    /** Where the main session is reached: a person's DM collapses into it by default, and heartbeats run there. */
    public static final String MAIN = "main";
    static final String DIRECT = "direct";
    /** The name of a source whose session the log did not name. */
    public static final String UNKNOWN = "session not in the log";
    private static final Set<String> CHAT_SCOPES = Set.of("direct", "dm", "group", "channel", "thread", "topic");

    private SessionKinds() {}

    /**
     * @param kind   the kind
     * @param detail the cron job id, the chat's channel ("direct" for the CLI/API, "main" for the main session), the
     *               sub-agent's name, else the key's scope; never null
     */
    public record Classified(SourceKind kind, String detail) {}

    /**
     * @param sessionKey the run's full key, or null
     * @param trigger    the run's trigger ("heartbeat"), or null when the log did not name it
     */
    public static Classified classify(String sessionKey, String trigger) {
        if ("heartbeat".equals(trigger)) return new Classified(SourceKind.HEARTBEAT, "heartbeat");
        if (sessionKey == null || !sessionKey.startsWith("agent:")) return new Classified(SourceKind.UNKNOWN, UNKNOWN);
        String[] p = sessionKey.split(":", 6);
        if (p.length < 3) return new Classified(SourceKind.UNKNOWN, UNKNOWN);
        String scope = p[2];
        switch (scope) {
            case "cron":
                return new Classified(SourceKind.CRON, p.length > 3 ? p[3] : "?");
            case "subagent":
                return new Classified(SourceKind.SUBAGENT, p.length > 3 ? p[3] : "subagent");
            case "explicit":
                return new Classified(SourceKind.CHAT, DIRECT);
            case MAIN:
                return new Classified(SourceKind.CHAT, MAIN);
            case "hook", "acp", "internal-session-effects":
                return new Classified(SourceKind.OTHER, scope);
            default:
                if (p.length > 3 && CHAT_SCOPES.contains(p[3])) return new Classified(SourceKind.CHAT, scope);
                return new Classified(SourceKind.OTHER, scope);
        }
    }
}
