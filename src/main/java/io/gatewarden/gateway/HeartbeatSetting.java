package io.gatewarden.gateway;

/**
 * One {@code heartbeat} block of {@code openclaw.json}: {@code agents.defaults.heartbeat} (agent {@code defaults}) or
 * {@code agents.entries.<id>.heartbeat}. Values as written; null when the block leaves them unset. OpenClaw 2026.9.6
 * (docs/gateway/heartbeat.md): {@code every} defaults to 30m ("0m" turns the cadence off), per-agent values override
 * the defaults, and once any agent entry has a heartbeat block only those agents run heartbeats.
 *
 * @param agent   {@code defaults} or the agent id
 * @param every   the interval as written ("30m", "4h"), or null
 * @param session the session the turn runs in ("main" by default), or null
 * @param model   a model override for heartbeat turns, or null
 * @param path    where it is written ({@code agents.entries.ops.heartbeat})
 */
public record HeartbeatSetting(String agent, String every, String session, String model, String path) {
    public static final String DEFAULTS = "defaults";
}
