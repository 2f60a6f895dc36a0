package io.gatewarden.load;

/**
 * One automation (cron) job as the gateway stores it (a row of {@code cron_jobs} in its SQLite state DB, or an entry
 * of the legacy {@code cron/jobs.json}). Only what the load projection needs.
 *
 * @param payloadKind  {@code agentTurn}, {@code heartbeat}, {@code systemEvent} (all start a model turn) or
 *                     {@code command} (runs a shell command, no model call)
 * @param scheduleKind {@code cron}, {@code every}, {@code at}, or what a newer gateway writes
 * @param expr         the cron expression (5 or 6 fields), or null
 * @param everyMs      the interval of an {@code every} schedule, else 0
 * @param anchorMs     the phase of an {@code every} schedule (ms after the epoch modulo the interval), or null
 * @param staggerMs    the stagger window of a cron schedule: 0 = exact, null = the gateway's default (top-of-hour
 *                     expressions are spread over up to 5 min)
 * @param tz           the IANA zone a cron expression is read in, or null (the gateway host's zone)
 * @param model        the job's model override ({@code payload.model}), or null: the agent's model
 */
public record CronJob(String id, String name, String agent, boolean enabled, String payloadKind, String scheduleKind,
                      String expr, long everyMs, Long anchorMs, Long staggerMs, String tz, String model) {

    /** Does a run start a model turn (and so make at least one provider call)? */
    public boolean callsModel() {
        return !"command".equals(payloadKind);
    }

    public boolean heartbeat() {
        return "heartbeat".equals(payloadKind);
    }
}
