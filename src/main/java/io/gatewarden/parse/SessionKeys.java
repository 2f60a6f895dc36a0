package io.gatewarden.parse;

/**
 * OpenClaw session keys look like {@code agent:<agentId>:explicit:<sessionId>} (sessions named by the
 * caller) or {@code agent:<agentId>:<rest>} (channel sessions, e.g. {@code agent:main:main}). Decision
 * lines carry only the bare session id, so keys are cut down to it to label both alike.
 */
public final class SessionKeys {
    private static final String AGENT = "agent:";
    private static final String EXPLICIT = "explicit:";

    private SessionKeys() {}

    /** The session id in a key, or the key itself when it has no known shape; null for null/empty. */
    public static String session(String key) {
        if (key == null || key.isEmpty()) return null;
        if (!key.startsWith(AGENT)) return key;
        int agentEnd = key.indexOf(':', AGENT.length());
        if (agentEnd < 0 || agentEnd + 1 >= key.length()) return key;
        int rest = agentEnd + 1;
        if (key.startsWith(EXPLICIT, rest) && key.length() > rest + EXPLICIT.length()) {
            return key.substring(rest + EXPLICIT.length());
        }
        return key.substring(rest);
    }

    /** The agent id in a key ({@code agent:<agentId>:…}), or null. */
    public static String agent(String key) {
        if (key == null || !key.startsWith(AGENT)) return null;
        int agentEnd = key.indexOf(':', AGENT.length());
        if (agentEnd <= AGENT.length()) return null;
        return key.substring(AGENT.length(), agentEnd);
    }
}
