package io.gatewarden.alert;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A gatewarden stand-in for the crash test, run as a child JVM:
 * {@code produce <stateDir> <url> <n>} queues n notifications and waits to be killed;
 * {@code resume <stateDir> <url> <n>} resumes the outbox and exits once it has delivered n.
 */
public final class OutboxChild {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path stateDir = Path.of(args[1]);
        String url = args[2];
        int n = Integer.parseInt(args[3]);
        AlertSettings settings = Fixture.settings("""
                receivers:
                  - {name: hook, type: webhook, url: "%s", timeout: 2s, rate_limit: {burst: 0}}
                route: {receiver: hook, group_by: ['...'], group_wait: 0s}
                retry: {initial: 200ms, max: 1s}
                tick_interval: 100ms
                """.formatted(url));
        AlertPipeline p = AlertPipeline.builder(settings, stateDir).clock(Clock.systemUTC()).build();
        p.start();
        if (mode.equals("produce")) {
            for (int i = 0; i < n; i++) {
                p.opened(Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING,
                        Incidents.labels("provider", "anthropic", "session", "s" + i), Clock.systemUTC().instant()));
            }
            while (p.stats().notificationsQueued() < n) Thread.sleep(20);
            System.out.println("READY " + p.stats().receiver("hook").pending());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5).toMillis()); // the parent kills us with SIGKILL
        } else {
            System.out.println("STARTED " + p.stats().receiver("hook").pending());
            System.out.flush();
            while (p.stats().receiver("hook").delivered() < n) Thread.sleep(20);
            System.out.println("DRAINED " + p.stats().receiver("hook").pending());
            System.out.flush();
            p.close();
            System.exit(0);
        }
    }
}
