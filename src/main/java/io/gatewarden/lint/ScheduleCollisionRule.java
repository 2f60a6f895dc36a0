package io.gatewarden.lint;

import io.gatewarden.load.ScheduleReport;

import java.util.ArrayList;
import java.util.List;

/**
 * The schedule-collision rule of {@code gatewarden check}: one warning per group of AI schedules (heartbeats, cron
 * jobs) that fire in the same minute on one rate-limit domain, with the stagger that separates them. The projection
 * ({@link io.gatewarden.load.ScheduleProjection}) finds them; this only words them as findings.
 */
public final class ScheduleCollisionRule {
    private ScheduleCollisionRule() {}

    public static List<Finding> findings(ScheduleReport schedules) {
        List<Finding> out = new ArrayList<>();
        for (ScheduleReport.Collision c : schedules.collisions()) {
            String when = c.minutesPerDay() == 1 ? "at " + c.firstMinutes().get(0)
                    : "in " + c.minutesPerDay() + " minutes a day (" + String.join(", ", c.firstMinutes())
                    + (c.minutesPerDay() > c.firstMinutes().size() ? ", …" : "") + ")";
            out.add(new Finding(ChainLinter.CONFIG_AGENT, FindingCode.SCHEDULE_COLLISION.severity(),
                    FindingCode.SCHEDULE_COLLISION, List.of(),
                    c.sources().size() + " AI schedules fire together " + when + " on one rate-limit domain (" + c.domain()
                            + "): " + String.join(", ", c.sources()) + "; one rate limit takes them all",
                    c.suggestions().isEmpty() ? "move one of them to another minute" : String.join("; ", c.suggestions())));
        }
        return out;
    }
}
