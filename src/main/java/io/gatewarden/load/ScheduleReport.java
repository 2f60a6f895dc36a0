package io.gatewarden.load;

import java.util.List;

/**
 * The gateway's schedules projected over one day: heartbeats (from openclaw.json) and AI cron jobs (from its state
 * DB or legacy jobs.json), calls per day each, the minutes where several fire on one rate-limit domain, and
 * suggestions with numbers.
 *
 * @param day        the local day projected (yyyy-MM-dd)
 * @param cronSources where the cron jobs were read (empty when none was found)
 */
public record ScheduleReport(String day, List<String> cronSources, List<Scheduled> schedules, double projectedPerDay,
                             List<Collision> collisions, List<String> suggestions) {

    /**
     * @param schedule human form: "every 30m", "cron 0 9 * * *"
     * @param perDay   firings on the projected day (one model call each, at least)
     * @param exact    true when the firing minute is known (an exact cron, an interval with its anchor); only those
     *                 can be shown to collide
     * @param note     why a schedule is not exact, or that a value is the gateway's default; null
     */
    public record Scheduled(String agent, String kind, String name, String schedule, String model, String domain,
                            double perDay, boolean exact, String note) {
        public String who() {
            return LoadSource.who(agent, kind, name);
        }
    }

    /**
     * Several schedules firing in the same minute on one domain.
     *
     * @param minutesPerDay how many minutes of the day they share
     * @param firstMinutes  the first few of them (HH:mm)
     */
    public record Collision(String domain, List<String> sources, int minutesPerDay, List<String> firstMinutes,
                            List<String> suggestions) {}
}
